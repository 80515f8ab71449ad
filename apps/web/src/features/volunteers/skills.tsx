import type { VolunteerSkill } from '@cc/contracts';
import { Select, Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useRequest, type RequestState } from '../../lib/api';
import { inLanguage } from '../../lib/format';
import { listSkills } from './volunteers-api';

/** The skills dictionary (GET /api/volunteer-skills); `reload` after adding one. */
export function useSkills(): RequestState<{ items: VolunteerSkill[] }> {
  return useRequest((signal) => listSkills(signal), []);
}

/** A skill's name in the person's language; an unknown code as it is. */
export function skillName(
  code: string,
  skills: readonly VolunteerSkill[] | undefined,
  language: string,
): string {
  const skill = skills?.find((s) => s.code === code);
  return skill ? inLanguage(skill.name, skill.nameEn, language) : code;
}

/** One skill or several from the dictionary. */
export function SkillSelect({
  skills,
  isMultiple = false,
  value,
  onChange,
  testId,
  placeholder,
}: {
  skills: readonly VolunteerSkill[] | undefined;
  isMultiple?: boolean;
  value?: string | string[];
  onChange?: (value: string | string[] | undefined) => void;
  testId?: string;
  placeholder?: string;
}) {
  const { t, i18n } = useTranslation();
  return (
    <Select<string | string[]>
      mode={isMultiple ? 'multiple' : undefined}
      value={value}
      onChange={(v) => onChange?.(v)}
      allowClear
      showSearch={{ optionFilterProp: 'label' }}
      placeholder={placeholder ?? t('volunteers.field.skills')}
      style={{ minWidth: 160, width: '100%' }}
      options={(skills ?? []).map((s) => ({
        value: s.code,
        label: inLanguage(s.name, s.nameEn, i18n.language),
      }))}
      data-testid={testId}
    />
  );
}

/** One skill (or none) that a list is filtered by. */
export function SkillFilter({
  skills,
  value,
  onChange,
  testId,
  placeholder,
}: {
  skills: readonly VolunteerSkill[] | undefined;
  value: string | undefined;
  onChange: (value: string | undefined) => void;
  testId: string;
  placeholder?: string;
}) {
  return (
    <div style={{ width: 180 }}>
      <SkillSelect
        skills={skills}
        value={value}
        onChange={(v) => onChange(typeof v === 'string' ? v : undefined)}
        placeholder={placeholder}
        testId={testId}
      />
    </div>
  );
}

/** A volunteer's skills as tags. */
export function SkillTags({
  codes,
  skills,
}: {
  codes: readonly string[];
  skills: readonly VolunteerSkill[] | undefined;
}) {
  const { i18n } = useTranslation();
  return (
    <Space size={[0, 4]} wrap>
      {codes.map((code) => (
        <Tag key={code} color="blue">
          {skillName(code, skills, i18n.language)}
        </Tag>
      ))}
    </Space>
  );
}
