import type { AvailabilitySlot, VolunteerProfile } from '@cc/contracts';
import { App, Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useRequest } from '../../lib/api';
import { fieldHead } from '../../lib/form-errors';
import { AvailabilityGrid } from './availability-grid';
import { PointField, type Point } from './point-field';
import { FormDrawer, useSend } from '../../lib/sending';
import { SkillSelect, useSkills } from './skills';
import { committeeCompounds, registerVolunteer, updateVolunteer } from './volunteers-api';

interface Values {
  name?: string;
  phone?: string;
  skills: string[];
  availability: AvailabilitySlot[];
  serveAreaCodes: string[];
  point?: Point | null;
}

const FIELDS = ['name', 'phone', 'skills', 'availability', 'serveAreaCodes', 'point'];

type AreaRef = { code: string; name: string };

/** The committee, its compounds and the areas already chosen: where a volunteer may serve. */
function useServeAreas(committee: AreaRef, chosen: readonly AreaRef[] = []) {
  const compounds = useRequest(
    (signal) => committeeCompounds(committee.code, signal),
    [committee.code],
  );
  const all = new Map<string, string>();
  for (const a of [committee, ...(compounds.data?.items ?? []), ...chosen]) all.set(a.code, a.name);
  return [...all].map(([value, label]) => ({ value, label }));
}

/**
 * 登记志愿者 (a person without an account, by staff of the committee) or 编辑 a volunteer's
 * skills, week, serve areas and usual place: one form, `volunteer` for editing.
 */
export function VolunteerFormDrawer({
  committee,
  volunteer,
  onClose,
  onSaved,
}: {
  committee: AreaRef;
  volunteer?: VolunteerProfile;
  onClose: () => void;
  onSaved: (profile: VolunteerProfile) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const skills = useSkills();
  const serveAreas = useServeAreas(committee, volunteer?.serveAreas);
  const sending = useSend(form, FIELDS, {
    aliases: { lat: 'point', lng: 'point' },
    toName: fieldHead,
  });
  const isEdit = !!volunteer;

  function save(v: Values) {
    const point = v.point ? { lat: v.point.lat, lng: v.point.lng } : {};
    const profile = {
      skills: v.skills ?? [],
      availability: v.availability ?? [],
      serveAreaCodes: v.serveAreaCodes,
      ...point,
    };
    return sending.send(async () => {
      const saved = volunteer
        ? await updateVolunteer(volunteer.id, profile)
        : await registerVolunteer({
            committeeCode: committee.code,
            name: (v.name ?? '').trim(),
            phone: (v.phone ?? '').trim(),
            ...profile,
          });
      void message.success(t(isEdit ? 'volunteers.form.saved' : 'volunteers.form.registered'));
      onSaved(saved);
    });
  }

  return (
    <FormDrawer
      title={
        isEdit ? t('volunteers.form.editTitle') : t('volunteers.form.registerTitle', committee)
      }
      size={560}
      submitText={isEdit ? t('volunteers.form.save') : t('volunteers.form.register')}
      submitTestId="volunteer-register-submit"
      sending={sending}
      onSubmit={() => form.submit()}
      onClose={onClose}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={(v) => void save(v)}
        initialValues={{
          skills: volunteer?.skills ?? [],
          availability: volunteer?.availability ?? [],
          serveAreaCodes: volunteer?.serveAreas.map((a) => a.code) ?? [committee.code],
          point: volunteer ? { lat: volunteer.lat, lng: volunteer.lng } : null,
        }}
      >
        {isEdit ? null : (
          <>
            <Form.Item
              name="name"
              label={t('volunteers.field.name')}
              rules={[{ required: true, whitespace: true, max: 50 }]}
            >
              <Input maxLength={50} data-testid="volunteer-register-name" />
            </Form.Item>
            <Form.Item
              name="phone"
              label={t('volunteers.field.phone')}
              rules={[
                {
                  required: true,
                  pattern: /^1[3-9]\d{9}$/,
                  message: t('volunteers.form.phoneRule'),
                },
              ]}
            >
              <Input inputMode="tel" maxLength={11} data-testid="volunteer-register-phone" />
            </Form.Item>
          </>
        )}
        <Form.Item name="skills" label={t('volunteers.field.skills')}>
          <SkillSelect skills={skills.data?.items} isMultiple testId="volunteer-register-skills" />
        </Form.Item>
        <Form.Item
          name="availability"
          label={t('volunteers.availability.title')}
          extra={t('volunteers.availability.help')}
        >
          <AvailabilityGrid />
        </Form.Item>
        <Form.Item
          name="serveAreaCodes"
          label={t('volunteers.field.serveAreas')}
          rules={[{ required: true, type: 'array', min: 1 }]}
        >
          <Select
            mode="multiple"
            options={serveAreas}
            showSearch={{ optionFilterProp: 'label' }}
            maxCount={10}
            data-testid="volunteer-register-areas"
          />
        </Form.Item>
        <Form.Item name="point" label={t('volunteers.field.point')}>
          <PointField areaCode={committee.code} testId="volunteer-register-point" />
        </Form.Item>
      </Form>
    </FormDrawer>
  );
}
