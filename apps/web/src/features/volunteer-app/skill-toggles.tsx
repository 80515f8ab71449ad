import type { VolunteerSkill } from '@cc/contracts';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { inLanguage } from '../../lib/format';

/** The skills as toggles (a form control: `value` the chosen codes). */
export function SkillToggles({
  skills,
  value = [],
  onChange,
}: {
  skills: readonly VolunteerSkill[];
  value?: string[];
  onChange?: (codes: string[]) => void;
}) {
  const { i18n } = useTranslation();
  const toggle = (code: string) =>
    onChange?.(value.includes(code) ? value.filter((c) => c !== code) : [...value, code]);
  return (
    <div className="cc-vol-toggles">
      {skills.map((s) => {
        const isOn = value.includes(s.code);
        return (
          <Button
            key={s.code}
            type={isOn ? 'primary' : 'default'}
            aria-pressed={isOn}
            onClick={() => toggle(s.code)}
            data-testid={`volunteer-skill-${s.code}`}
          >
            {inLanguage(s.name, s.nameEn, i18n.language)}
          </Button>
        );
      })}
    </div>
  );
}
