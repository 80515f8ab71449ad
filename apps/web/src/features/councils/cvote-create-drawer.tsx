import {
  COUNCIL_VOTE_KIND_LABELS,
  TIE_RULE_LABELS,
  TIE_RULES,
  type Council,
  type CouncilMember,
  type CouncilVote,
  type CouncilVoteKind,
  type TieRule,
} from '@cc/contracts';
import { App, Button, DatePicker, Form, Input, InputNumber, Radio, Select, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRequest } from '../../lib/api';
import { isEnglish } from '../../lib/format';
import { atTime, useLabel } from './council-format';
import { createCouncilVote, listCouncilMeetings, listVoteRules } from './councils-api';
import { FormDrawer, useSend } from '../../lib/sending';

interface VoteValues {
  kind: CouncilVoteKind;
  title: string;
  body?: string;
  closesAt: Dayjs;
  candidates?: string[];
  seats?: number;
  tieRule?: TieRule;
  rule?: string;
  meetingId?: string;
}

const FIELDS = [
  'kind',
  'title',
  'body',
  'closesAt',
  'candidates',
  'seats',
  'tieRule',
  'rule',
  'meetingId',
];

/**
 * 发起选举或表决. An election: the members standing, the seats (the most approvals a ballot
 * may carry) and the tie rule, fixed before it opens. A motion: a one-member-one-vote rule
 * of the vote engine and, if it is put to one, a meeting of the council.
 */
export function CouncilVoteDrawer({
  council,
  members,
  onClose,
  onCreated,
}: {
  council: Council;
  members: readonly CouncilMember[];
  onClose: () => void;
  onCreated: (vote: CouncilVote) => void;
}) {
  const { t, i18n } = useTranslation();
  const label = useLabel();
  const { message } = App.useApp();
  const [form] = Form.useForm<VoteValues>();
  const sending = useSend(form, FIELDS, { toName: (path) => path[0] as string });
  const kind = Form.useWatch('kind', form) ?? 'election';
  const candidates = Form.useWatch('candidates', form) ?? [];
  const tieRule = Form.useWatch('tieRule', form);
  const ruleCode = Form.useWatch('rule', form);
  const [isCandidateListOpen, setCandidateListOpen] = useState(false);
  const rules = useRequest((signal) => listVoteRules(signal), []);
  const presets = (rules.data ?? []).filter((r) => r.weighing === 'members');
  const rule = presets.find((r) => r.code === ruleCode);
  const meetings = useRequest(
    (signal) => listCouncilMeetings(council.id, signal),
    [council.id],
    kind === 'motion',
  );
  const en = isEnglish(i18n.language);

  const send = (v: VoteValues) =>
    sending.send(async () => {
      const common = {
        kind: v.kind,
        title: v.title.trim(),
        ...(v.body?.trim() ? { body: v.body.trim() } : {}),
        closesAt: v.closesAt.toDate().toISOString(),
      };
      const vote = await createCouncilVote(
        council.id,
        v.kind === 'election'
          ? { ...common, candidates: v.candidates ?? [], seats: v.seats, tieRule: v.tieRule }
          : { ...common, rule: v.rule, ...(v.meetingId ? { meetingId: v.meetingId } : {}) },
      );
      void message.success(t('councils.vote.created', { title: vote.title }));
      onCreated(vote);
    });

  return (
    <FormDrawer
      title={t('councils.vote.create')}
      size={600}
      submitText={t('councils.vote.submit')}
      submitTestId="cvote-submit"
      testId="cvote-drawer"
      isEscapeClosing={false}
      sending={sending}
      onSubmit={() => form.submit()}
      onClose={onClose}
    >
      <Form<VoteValues>
        form={form}
        layout="vertical"
        initialValues={{
          kind: 'election',
          tieRule: 'seniority',
          closesAt: dayjs().add(7, 'day').startOf('hour'),
        }}
        onFinish={(v) => void send(v)}
      >
        <Form.Item name="kind" label={t('councils.vote.kind')}>
          <Radio.Group
            optionType="button"
            options={(['election', 'motion'] as const).map((k) => ({
              value: k,
              label: (
                <span data-testid={`cvote-kind-${k}`}>{label(COUNCIL_VOTE_KIND_LABELS[k])}</span>
              ),
            }))}
          />
        </Form.Item>
        <Form.Item
          name="title"
          label={t('councils.vote.title')}
          rules={[{ required: true, whitespace: true, message: t('councils.vote.titleRule') }]}
        >
          <Input maxLength={80} data-testid="cvote-title-input" />
        </Form.Item>
        <Form.Item name="body" label={t('councils.vote.body')}>
          <Input.TextArea
            maxLength={5000}
            autoSize={{ minRows: 2, maxRows: 8 }}
            data-testid="cvote-body-input"
          />
        </Form.Item>
        <Form.Item
          name="closesAt"
          label={t('councils.vote.closesAt')}
          extra={t('councils.vote.closesAtHelp')}
          rules={[
            { required: true, message: t('councils.vote.closesAtRule') },
            {
              validator: (_, at: Dayjs | undefined) =>
                !at || at.isAfter(dayjs())
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('councils.vote.closesAtRule'))),
            },
          ]}
        >
          <DatePicker
            showTime={{ format: 'HH:mm' }}
            format="YYYY-MM-DD HH:mm"
            data-testid="cvote-closes-input"
          />
        </Form.Item>
        {kind === 'election' ? (
          <>
            <Form.Item
              label={t('councils.vote.candidates')}
              extra={t('councils.vote.candidatesHelp', { n: candidates.length })}
              required
            >
              <Form.Item
                name="candidates"
                noStyle
                rules={[
                  {
                    required: true,
                    type: 'array',
                    min: 1,
                    message: t('councils.vote.candidatesRule'),
                  },
                ]}
              >
                <Select
                  mode="multiple"
                  // closed after each pick: the list of 91 never hides the fields below
                  open={isCandidateListOpen}
                  onOpenChange={setCandidateListOpen}
                  onSelect={() => setCandidateListOpen(false)}
                  allowClear
                  optionFilterProp="label"
                  maxTagCount="responsive"
                  options={members.map((m) => ({ value: m.id, label: m.name }))}
                  data-testid="cvote-candidates-select"
                />
              </Form.Item>
              <Button
                size="small"
                type="link"
                style={{ paddingInline: 0 }}
                onClick={() =>
                  form.setFieldValue(
                    'candidates',
                    members.map((m) => m.id),
                  )
                }
                data-testid="cvote-candidates-all"
              >
                {t('councils.vote.allMembers', { n: members.length })}
              </Button>
            </Form.Item>
            <Form.Item
              name="seats"
              label={t('councils.vote.seats')}
              extra={t('councils.vote.seatsHelp')}
              rules={[
                { required: true, message: t('councils.vote.seatsRule') },
                {
                  validator: (_, n: number | undefined) =>
                    n === undefined || n === null || (n >= 1 && n <= Math.max(1, candidates.length))
                      ? Promise.resolve()
                      : Promise.reject(
                          new Error(t('councils.vote.seatsRange', { n: candidates.length })),
                        ),
                },
              ]}
            >
              <InputNumber<number>
                min={1}
                max={500}
                precision={0}
                style={{ width: 120 }}
                data-testid="cvote-seats-input"
              />
            </Form.Item>
            <Form.Item
              name="tieRule"
              label={t('councils.vote.tieRule')}
              rules={[{ required: true, message: t('councils.vote.tieRuleRule') }]}
              extra={tieRule ? t(`councils.vote.tieHelp.${tieRule}`) : undefined}
            >
              <Select
                options={TIE_RULES.map((r) => ({ value: r, label: label(TIE_RULE_LABELS[r]) }))}
                data-testid="cvote-tie-select"
              />
            </Form.Item>
          </>
        ) : (
          <>
            <Form.Item
              name="rule"
              label={t('councils.vote.rule')}
              rules={[{ required: true, message: t('councils.vote.ruleRule') }]}
              extra={rule ? (en ? rule.sourceEn : rule.source) : undefined}
            >
              <Select
                loading={rules.isLoading}
                options={presets.map((r) => ({ value: r.code, label: en ? r.nameEn : r.name }))}
                data-testid="cvote-rule-select"
              />
            </Form.Item>
            <Form.Item
              name="meetingId"
              label={t('councils.vote.meeting')}
              extra={t('councils.vote.meetingHelp')}
            >
              <Select
                allowClear
                loading={meetings.isLoading}
                notFoundContent={
                  <Typography.Text type="secondary">{t('councils.vote.noMeeting')}</Typography.Text>
                }
                options={(meetings.data?.items ?? []).map((m) => ({
                  value: m.id,
                  label: `${m.title} · ${atTime(m.startsAt)}`,
                }))}
                data-testid="cvote-meeting-select"
              />
            </Form.Item>
          </>
        )}
      </Form>
    </FormDrawer>
  );
}
