import { EditOutlined } from '@ant-design/icons';
import type { VolunteerProfile } from '@cc/contracts';
import { Button, Card, Col, Descriptions, Popconfirm, Row, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { shanghaiDate } from '../../lib/shanghai-time';
import { AvailabilityGrid } from './availability-grid';
import { CertificateButton } from './certificate-button';
import { HoursLedgerCard, HoursTotalsCard } from './hours-card';
import { PageHead } from '../../components/page-parts';
import { RecordPending, useRecord } from './page-parts';
import { useAction } from '../../lib/sending';
import { SkillTags, useSkills } from './skills';
import { VolunteerFormDrawer } from './volunteer-form-drawer';
import { VolunteerStatusTag } from './volunteer-format';
import { getVolunteer, updateVolunteer } from './volunteers-api';
import './volunteers.css';

/** 在册 ↔ 已退出, after a confirmation. */
function StatusButton({
  volunteer,
  onSaved,
}: {
  volunteer: VolunteerProfile;
  onSaved: (v: VolunteerProfile) => void;
}) {
  const { t } = useTranslation();
  const { run } = useAction();
  const next = volunteer.status === 'active' ? 'left' : 'active';
  return (
    <Popconfirm
      title={t(`volunteers.profile.confirm.${next}`)}
      onConfirm={() =>
        run(async () => onSaved(await updateVolunteer(volunteer.id, { status: next })))
      }
    >
      <Button danger={next === 'left'} data-testid="volunteer-status-change">
        {t(`volunteers.profile.setStatus.${next}`)}
      </Button>
    </Popconfirm>
  );
}

/** 志愿者档案 (/volunteers/:id): who they are, when and where they serve, teams, hours, ledger. */
export function VolunteerPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const skills = useSkills();
  const volunteer = useRecord(id, getVolunteer);
  const v = volunteer.record;
  const [isEditing, setEditing] = useState(false);

  if (!v) return <RecordPending request={volunteer.request} />;

  return (
    <div data-testid="volunteer-page" data-id={v.id}>
      <PageHead
        className="cc-vol-head"
        isSpace
        title={v.name}
        titleTestId="volunteer-name"
        back={{
          to: `/volunteers?area=${encodeURIComponent(v.committee.code)}`,
          label: t('volunteers.nav.list'),
        }}
        actions={
          <>
            <Button
              icon={<EditOutlined />}
              onClick={() => setEditing(true)}
              data-testid="volunteer-edit-open"
            >
              {t('volunteers.profile.edit')}
            </Button>
            <StatusButton volunteer={v} onSaved={volunteer.setFresh} />
            <CertificateButton volunteerId={v.id} />
          </>
        }
      >
        <VolunteerStatusTag status={v.status} />
        {v.hasAccount ? null : <Tag>{t('volunteers.list.noAccount')}</Tag>}
      </PageHead>
      <Row gutter={[12, 0]}>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('volunteers.profile.title')} className="cc-vol-card">
            <Descriptions
              size="small"
              column={1}
              items={[
                {
                  key: 'phone',
                  label: t('volunteers.field.phone'),
                  children: v.phone ?? t('common.none'),
                },
                {
                  key: 'committee',
                  label: t('volunteers.field.committee'),
                  children: v.committee.name,
                },
                {
                  key: 'areas',
                  label: t('volunteers.field.serveAreas'),
                  children: v.serveAreas.map((a) => a.name).join('、'),
                },
                {
                  key: 'skills',
                  label: t('volunteers.field.skills'),
                  children: <SkillTags codes={v.skills} skills={skills.data?.items} />,
                },
                {
                  key: 'teams',
                  label: t('volunteers.field.teams'),
                  children:
                    v.teams.length === 0
                      ? t('common.none')
                      : v.teams.map((team) => (
                          <Tag key={team.id} color={team.role === 'leader' ? 'gold' : undefined}>
                            {team.name}
                            {team.role === 'leader' ? ` · ${t('volunteers.team.leader')}` : ''}
                          </Tag>
                        )),
                },
                {
                  key: 'point',
                  label: t('volunteers.field.point'),
                  children: `${v.lat.toFixed(5)}, ${v.lng.toFixed(5)}`,
                },
                {
                  key: 'joined',
                  label: t('volunteers.field.joinedAt'),
                  children: shanghaiDate(Date.parse(v.joinedAt)),
                },
              ]}
            />
          </Card>
          <Card size="small" title={t('volunteers.availability.title')} className="cc-vol-card">
            <AvailabilityGrid value={v.availability} isReadOnly />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <HoursTotalsCard totals={v.hours} />
        </Col>
      </Row>
      <HoursLedgerCard volunteerId={v.id} />
      {isEditing ? (
        <VolunteerFormDrawer
          committee={v.committee}
          volunteer={v}
          onClose={() => setEditing(false)}
          onSaved={(saved) => {
            setEditing(false);
            volunteer.setFresh(saved);
          }}
        />
      ) : null}
    </div>
  );
}
