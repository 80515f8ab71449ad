import { SendOutlined } from '@ant-design/icons';
import type { VolunteerTask } from '@cc/contracts';
import { Alert, App, Button, Card, Input, Select, Space, Switch, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ListPage } from '../../components/list-page';
import { StaleDataAlert } from '../../components/stale-data-alert';
import { areasApi, describeError, useRequest } from '../../lib/api';
import { useInterval } from '../../lib/use-interval';
import { MAX_SELECTED, NearbyTable } from './nearby-table';
import { PageHead } from '../../components/page-parts';
import { PointField, type Point } from './point-field';
import { SentTasksCard } from './sent-tasks-card';
import { ProblemAlert, useSend } from '../../lib/sending';
import { SkillFilter, useSkills } from './skills';
import { dispatchTarget } from './volunteer-rules';
import { findNearby, getCaseForDispatch, listCaseTasks, sendTasks } from './volunteers-api';
import './volunteers.css';

const RADII = [1000, 3000, 5000, 10000];
const TASKS_REFRESH_MS = 15_000;

/** Where to look: the point asked for, else the case's place, else its area's centre. */
function useDispatchPlace(params: URLSearchParams) {
  const target = dispatchTarget(params);
  const caseId = target && 'caseId' in target ? target.caseId : undefined;
  const theCase = useRequest((signal) => getCaseForDispatch(caseId!, signal), [caseId], !!caseId);
  const c = theCase.data?.id === caseId ? theCase.data : undefined;
  const hasCasePoint = !!c && c.lat !== null && c.lng !== null;
  const caseArea = useRequest(
    (signal) => areasApi.getArea(c!.areaCode, signal),
    [c?.areaCode],
    !!c && !hasCasePoint,
  );
  let point: Point | undefined;
  if (target && 'lat' in target) point = target;
  else if (c && c.lat !== null && c.lng !== null) point = { lat: c.lat, lng: c.lng };
  else if (caseArea.data)
    point = { lat: caseArea.data.area.centre[1], lng: caseArea.data.area.centre[0] };
  return { caseId, theCase, c, point, hasCasePoint };
}

/** With no case and no point: the place typed in, then looked up. */
function PlaceForm({ onPick }: { onPick: (p: Point) => void }) {
  const { t } = useTranslation();
  const [point, setPoint] = useState<Point | null>(null);
  return (
    <Card size="small" className="cc-vol-card" title={t('volunteers.dispatch.pickPlace')}>
      <Typography.Paragraph type="secondary">
        {t('volunteers.dispatch.pickHelp')}
      </Typography.Paragraph>
      <PointField areaCode={undefined} value={point} onChange={setPoint} testId="dispatch-point" />
      <Button
        type="primary"
        disabled={!point}
        onClick={() => point && onPick(point)}
        style={{ marginTop: 8 }}
        data-testid="dispatch-point-go"
      >
        {t('volunteers.dispatch.find')}
      </Button>
    </Card>
  );
}

/**
 * 派志愿者 (/volunteers/dispatch?caseId=… or ?lat=&lng=): volunteers near the place with a
 * skill who are free now, nearest first; pick some, say what for, send (SMS and in-app), and
 * follow their answers (a case's tasks are also on its timeline).
 */
export function DispatchPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const skills = useSkills();
  const { caseId, theCase, c, point, hasCasePoint } = useDispatchPlace(params);
  const [skill, setSkill] = useState<string | undefined>();
  const [radiusM, setRadius] = useState(3000);
  const [isAvailableNow, setAvailableNow] = useState(true);
  const [selected, setSelected] = useState<string[]>([]);
  const [title, setTitle] = useState('');
  const [note, setNote] = useState('');
  const [sentHere, setSentHere] = useState<VolunteerTask[]>([]);
  const sending = useSend();
  const nearby = useRequest(
    (signal) =>
      findNearby(
        {
          lat: point!.lat,
          lng: point!.lng,
          // without a skill the server takes at most 5 km (400 maxWithoutSkill)
          radiusM: skill ? radiusM : Math.min(radiusM, 5000),
          skill,
          availableNow: isAvailableNow,
          limit: 50,
        },
        signal,
      ),
    [point?.lat, point?.lng, radiusM, skill, isAvailableNow],
    !!point,
  );
  const tasks = useRequest((signal) => listCaseTasks(caseId!, signal), [caseId], !!caseId);
  useInterval(tasks.reload, TASKS_REFRESH_MS, !!caseId);

  const defaultTitle = c ? t('volunteers.dispatch.caseTitle', { number: c.number }) : '';
  const taskTitle = title.trim() || defaultTitle;

  const send = (at: Point) =>
    sending.send(async () => {
      const sent = await sendTasks({
        ...(caseId ? { caseId } : {}),
        title: taskTitle,
        ...(note.trim() ? { note: note.trim() } : {}),
        ...(c?.address ? { place: c.address.slice(0, 100) } : {}),
        // a case with a point gives its own; otherwise the place looked at
        ...(caseId && hasCasePoint ? {} : { lat: at.lat, lng: at.lng }),
        ...(skill ? { skill } : {}),
        volunteerIds: selected,
      });
      void message.success(t('volunteers.dispatch.sent', { count: sent.items.length }));
      setSelected([]);
      setSentHere((before) => [...sent.items, ...before]);
      tasks.reload();
      nearby.reload();
    });

  const head = (
    <PageHead className="cc-vol-head" isSpace title={t('volunteers.nav.dispatch')}>
      {c ? (
        <Link to={`/cases/${encodeURIComponent(c.id)}`} data-testid="dispatch-case">
          {t('volunteers.dispatch.forCase', { number: c.number })}
        </Link>
      ) : null}
      {point ? (
        <Typography.Text type="secondary" data-testid="dispatch-point-shown">
          {point.lat.toFixed(5)}, {point.lng.toFixed(5)}
        </Typography.Text>
      ) : null}
    </PageHead>
  );

  return (
    <ListPage testId="volunteer-dispatch-page" head={head}>
      {theCase.error ? (
        <Alert
          type="error"
          showIcon
          title={describeError(theCase.error, t)}
          style={{ marginBottom: 12 }}
        />
      ) : null}
      {!point && !caseId ? (
        <PlaceForm
          onPick={(p) =>
            setParams(new URLSearchParams({ lat: p.lat.toFixed(6), lng: p.lng.toFixed(6) }), {
              replace: true,
            })
          }
        />
      ) : null}
      {point ? (
        <Card
          size="small"
          className="cc-vol-card"
          title={t('volunteers.dispatch.nearbyTitle')}
          extra={
            <Space wrap>
              <SkillFilter
                skills={skills.data?.items}
                value={skill}
                onChange={setSkill}
                placeholder={t('volunteers.dispatch.anySkill')}
                testId="nearby-skill"
              />
              <Select<number>
                value={radiusM}
                onChange={setRadius}
                style={{ width: 110 }}
                options={RADII.map((m) => ({
                  value: m,
                  disabled: !skill && m > 5000,
                  label: t('volunteers.dispatch.within', { km: m / 1000 }),
                }))}
                data-testid="nearby-radius"
              />
              <Space size={4}>
                <Switch
                  checked={isAvailableNow}
                  onChange={setAvailableNow}
                  data-testid="nearby-available-now"
                />
                {t('volunteers.dispatch.availableNow')}
              </Space>
            </Space>
          }
        >
          <StaleDataAlert error={nearby.error} />
          <NearbyTable
            items={nearby.data?.items ?? []}
            isLoading={nearby.isLoading}
            skills={skills.data?.items}
            selected={selected}
            onSelect={setSelected}
          />
          <div style={{ marginTop: 12 }}>
            <ProblemAlert problem={sending.problem} />
            <Space orientation="vertical" style={{ width: '100%', maxWidth: 560 }}>
              <Input
                value={title}
                onChange={(e) => setTitle(e.target.value)}
                maxLength={60}
                placeholder={defaultTitle || t('volunteers.dispatch.title')}
                data-testid="task-title"
              />
              <Input.TextArea
                value={note}
                onChange={(e) => setNote(e.target.value)}
                maxLength={500}
                rows={2}
                placeholder={t('volunteers.dispatch.note')}
                data-testid="task-note"
              />
              <Space wrap>
                <Button
                  type="primary"
                  icon={<SendOutlined />}
                  disabled={selected.length === 0 || !taskTitle}
                  loading={sending.isSending}
                  onClick={() => void send(point)}
                  data-testid="task-send"
                >
                  {t('volunteers.dispatch.send', { count: selected.length })}
                </Button>
                <Typography.Text type="secondary">
                  {t('volunteers.dispatch.selectedOf', {
                    count: selected.length,
                    max: MAX_SELECTED,
                  })}
                </Typography.Text>
              </Space>
            </Space>
          </div>
        </Card>
      ) : null}
      {caseId || sentHere.length > 0 ? (
        <SentTasksCard
          tasks={caseId ? (tasks.data?.items ?? []) : sentHere}
          isLoading={tasks.isLoading && !tasks.data}
          onChanged={tasks.reload}
        />
      ) : null}
    </ListPage>
  );
}
