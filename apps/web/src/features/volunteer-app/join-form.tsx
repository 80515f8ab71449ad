import type {
  AvailabilitySlot,
  JoinVolunteerBody,
  VolunteerProfile,
  VolunteerSkill,
} from '@cc/contracts';
import { Alert, App, Button, Form, Popconfirm, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { describeError, useRequest } from '../../lib/api';
import { fieldHead, showServerFieldError } from '../../lib/form-errors';
import { AvailabilityGrid } from '../volunteers';
import { PositionField, type Point } from './position-field';
import { ServeAreasField } from './serve-areas-field';
import { SkillToggles } from './skill-toggles';
import { leaveVolunteers, listCompounds, saveMyVolunteer } from './volunteer-app-api';

interface Values {
  committeeCode: string;
  skills: string[];
  availability: AvailabilitySlot[];
  serveAreaCodes: string[];
  position?: Point;
}

const FIELDS = ['committeeCode', 'skills', 'availability', 'serveAreaCodes', 'position'] as const;

function initialValues(committeeCode: string, profile: VolunteerProfile | null): Values {
  if (!profile)
    return { committeeCode, skills: [], availability: [], serveAreaCodes: [committeeCode] };
  return {
    committeeCode,
    skills: profile.skills,
    availability: profile.availability,
    serveAreaCodes: profile.serveAreas.map((a) => a.code),
    position: { lat: profile.lat, lng: profile.lng },
  };
}

/** The volunteer's profile form: committee, skills, week, serve areas, position (optional). */
export function JoinForm({
  committee,
  profile,
  skills,
}: {
  committee: { code: string; name: string };
  profile: VolunteerProfile | null;
  skills: readonly VolunteerSkill[];
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  // a volunteer who left joins again with their old profile filled in
  const isActive = profile?.status === 'active';
  const [isSubmitting, setIsSubmitting] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const compounds = useRequest((signal) => listCompounds(committee.code, signal), [committee.code]);

  const submit = async (values: Values) => {
    setIsSubmitting(true);
    setError(undefined);
    const body: JoinVolunteerBody = {
      committeeCode: values.committeeCode,
      skills: values.skills,
      availability: values.availability,
      serveAreaCodes: values.serveAreaCodes,
      ...(values.position ? { lat: values.position.lat, lng: values.position.lng } : {}),
    };
    try {
      await saveMyVolunteer(body);
      void message.success(isActive ? t('volunteerApp.join.saved') : t('volunteerApp.join.joined'));
      await navigate('/r/volunteer');
    } catch (cause) {
      if (
        !showServerFieldError(form, cause, FIELDS, {
          toName: fieldHead,
          aliases: { lat: 'position', lng: 'position' },
        })
      )
        setError(describeError(cause, t));
    } finally {
      setIsSubmitting(false);
    }
  };

  const leave = async () => {
    try {
      await leaveVolunteers();
      void message.success(t('volunteerApp.join.left'));
      await navigate('/r/volunteer');
    } catch (cause) {
      setError(describeError(cause, t));
    }
  };

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      initialValues={initialValues(committee.code, profile)}
      onFinish={(values) => void submit(values)}
      requiredMark={false}
    >
      <Form.Item name="committeeCode" label={t('volunteerApp.join.committee')}>
        <Select
          options={[{ value: committee.code, label: committee.name }]}
          disabled
          data-testid="volunteer-committee"
        />
      </Form.Item>
      <Form.Item
        name="skills"
        label={t('volunteerApp.join.skills')}
        extra={t('volunteerApp.join.skillsHelp')}
      >
        <SkillToggles skills={skills} />
      </Form.Item>
      <Form.Item
        name="availability"
        label={t('volunteerApp.join.availability')}
        extra={t('volunteerApp.join.availabilityHelp')}
      >
        <AvailabilityGrid />
      </Form.Item>
      <Form.Item
        name="serveAreaCodes"
        label={t('volunteerApp.join.serveAreas')}
        rules={[
          {
            required: true,
            type: 'array',
            min: 1,
            message: t('volunteerApp.join.serveAreasRequired'),
          },
        ]}
      >
        <ServeAreasField committee={committee} compounds={compounds.data?.items ?? []} />
      </Form.Item>
      <Form.Item name="position" label={t('volunteerApp.join.position')}>
        <PositionField />
      </Form.Item>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Button
        type="primary"
        htmlType="submit"
        block
        size="large"
        loading={isSubmitting}
        data-testid="volunteer-join-submit"
      >
        {isActive ? t('volunteerApp.join.save') : t('volunteerApp.join.submit')}
      </Button>
      {isActive && (
        <Popconfirm
          title={t('volunteerApp.join.leaveConfirm')}
          okText={t('volunteerApp.join.leave')}
          cancelText={t('common.cancel')}
          onConfirm={() => leave()}
        >
          <Button type="link" danger block style={{ marginTop: 8 }} data-testid="volunteer-leave">
            {t('volunteerApp.join.leave')}
          </Button>
        </Popconfirm>
      )}
    </Form>
  );
}
