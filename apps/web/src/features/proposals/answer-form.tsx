import {
  PROPOSAL_ANSWER_KINDS,
  PROPOSAL_TEXT_MAX,
  type ProposalAnswerKind,
  type ProposalDetail,
} from '@cc/contracts';
import { Alert, App, Button, DatePicker, Form, Input, Radio, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError, useRequest } from '../../lib/api';
import { isEnglish } from '../../lib/format';
import { showServerFieldError } from '../../lib/form-errors';
import { shanghaiDateTime } from '../../lib/shanghai-time';
import { useTaxonomy } from '../../lib/taxonomy';
import { answerProposal, listUpcomingMeetings } from './proposals-api';

interface Values {
  kind: ProposalAnswerKind;
  text: string;
  meetingId?: string;
  caseScenario?: string;
  doneBy?: Dayjs;
}

/** The committee's meetings still to come (their times as Shanghai reads them), to put the proposal on one's agenda. */
function MeetingSelect({ committee, ...rest }: { committee: string; value?: string }) {
  const { t } = useTranslation();
  const meetings = useRequest((signal) => listUpcomingMeetings(committee, signal), [committee]);
  const items = meetings.data?.items ?? [];
  return (
    <Select
      {...rest}
      loading={meetings.isLoading}
      notFoundContent={t('proposals.console.noMeetings')}
      data-testid="answer-meeting"
      options={items.map((m) => ({
        value: m.id,
        label: `${m.title} · ${shanghaiDateTime(m.startsAt)}`,
      }))}
    />
  );
}

/** The case categories (scenarios) a proposal may be referred to. */
function ScenarioSelect(props: { value?: string }) {
  const { i18n } = useTranslation();
  const taxonomy = useTaxonomy();
  const en = isEnglish(i18n.language);
  return (
    <Select
      {...props}
      showSearch
      optionFilterProp="label"
      loading={!taxonomy.data}
      data-testid="answer-scenario"
      options={(taxonomy.data?.scenarios ?? []).map((s) => ({
        value: s.code,
        label: en ? s.nameEn : s.name,
      }))}
    />
  );
}

/** 答复: accepted (with a done-by date), put to a meeting, referred to a case, or declined with reasons. */
export function AnswerForm({ d, onDone }: { d: ProposalDetail; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch('kind', form);
  const [problem, setProblem] = useState<string | null>(null);
  const [isSending, setIsSending] = useState(false);

  async function send(v: Values) {
    setIsSending(true);
    setProblem(null);
    try {
      await answerProposal(d.id, {
        kind: v.kind,
        text: v.text.trim(),
        meetingId: v.kind === 'meeting' ? v.meetingId : undefined,
        caseScenario: v.kind === 'case' ? v.caseScenario : undefined,
        doneBy: v.kind === 'accepted' && v.doneBy ? v.doneBy.format('YYYY-MM-DD') : undefined,
      });
      void message.success(t('proposals.console.answered'));
      onDone();
    } catch (error) {
      if (!showServerFieldError(form, error, ['text', 'meetingId', 'caseScenario', 'doneBy']))
        setProblem(describeError(error, t));
    } finally {
      setIsSending(false);
    }
  }

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      onFinish={send}
      initialValues={{ kind: 'accepted' }}
      data-testid="answer-form"
    >
      {problem && <Alert type="error" showIcon message={problem} style={{ marginBottom: 12 }} />}
      <Form.Item name="kind" label={t('proposals.console.answerKind')}>
        <Radio.Group optionType="button" buttonStyle="solid">
          {PROPOSAL_ANSWER_KINDS.map((k) => (
            <Radio.Button key={k} value={k}>
              <span data-testid={`answer-kind-${k}`}>{t(`proposals.answerKind.${k}`)}</span>
            </Radio.Button>
          ))}
        </Radio.Group>
      </Form.Item>
      {kind === 'meeting' && (
        <Form.Item
          name="meetingId"
          label={t('proposals.console.meeting')}
          rules={[{ required: true, message: t('proposals.console.meetingRequired') }]}
        >
          <MeetingSelect committee={d.committeeCode} />
        </Form.Item>
      )}
      {kind === 'case' && (
        <Form.Item
          name="caseScenario"
          label={t('proposals.console.scenario')}
          rules={[{ required: true, message: t('proposals.console.scenarioRequired') }]}
        >
          <ScenarioSelect />
        </Form.Item>
      )}
      {kind === 'accepted' && (
        <Form.Item name="doneBy" label={t('proposals.console.doneBy')}>
          <DatePicker style={{ width: '100%' }} data-testid="answer-done-by" />
        </Form.Item>
      )}
      <Form.Item
        name="text"
        label={t(
          kind === 'declined'
            ? 'proposals.console.answerTextDeclined'
            : 'proposals.console.answerText',
        )}
        rules={[
          { required: true, whitespace: true, message: t('proposals.console.answerRequired') },
        ]}
      >
        <Input.TextArea
          rows={4}
          maxLength={PROPOSAL_TEXT_MAX}
          showCount
          data-testid="answer-text"
        />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={isSending} data-testid="answer-submit">
        {t('proposals.console.send')}
      </Button>
    </Form>
  );
}
