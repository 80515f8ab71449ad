import { UploadOutlined } from '@ant-design/icons';
import { VOTE_BODY_MAX, VOTE_MAX_DOCUMENTS, VOTE_TITLE_MAX, type VoteDetail } from '@cc/contracts';
import {
  Alert,
  App,
  Button,
  DatePicker,
  Drawer,
  Form,
  Input,
  Select,
  Switch,
  Typography,
  Upload,
  type UploadFile,
  type UploadProps,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError, uploadAttachment, useRequest } from '../../lib/api';
import { showServerFieldError } from '../../lib/form-errors';
import { useMe } from '../../lib/session';
import {
  ElectorateFields,
  ElectoratePreviewCard,
  electorateInput,
  type ElectorateValues,
} from './electorate-picker';
import { ruleName } from './vote-format';
import type { VotePrefill } from './vote-prefill';
import { createVote, listRules } from './votes-api';

type UploadRequestOption = Parameters<NonNullable<UploadProps['customRequest']>>[0];

interface CreateValues {
  committeeCode?: string;
  title: string;
  body?: string;
  electorate: ElectorateValues;
  rule: string;
  opensAt: Dayjs;
  closesAt: Dayjs;
  allowChange: boolean;
}

/** 发起表决: a draft vote — question, documents, electorate, rule, times; opened later. */
export function CreateVoteDrawer({
  prefill,
  onClose,
  onDone,
}: {
  /** from another page: the subject, the staircase or compound, the title */
  prefill?: VotePrefill;
  onClose: () => void;
  onDone: (v: VoteDetail) => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const committees = me.roles
    .filter((r) => r.role === 'committee_staff' && r.areaLevel === 'committee')
    .map((r) => ({ code: r.areaCode, name: r.areaName }))
    .filter((c, i, all) => all.findIndex((x) => x.code === c.code) === i);
  const [form] = Form.useForm<CreateValues>();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [isSending, setIsSending] = useState(false);
  const rules = useRequest((signal) => listRules(signal), []);
  // a subject that some presets name (an elevator) is decided by those presets only
  const ownersPresets = (rules.data ?? []).filter((r) => r.weighing === 'owners');
  const subjectType = prefill?.subject?.type;
  const forSubject = ownersPresets.filter((r) => subjectType && r.subjects?.includes(subjectType));
  const presets = forSubject.length > 0 ? forSubject : ownersPresets;
  const chosenCommittee =
    Form.useWatch<string | undefined>('committeeCode', form) ??
    (committees.length === 1 ? committees[0]!.code : undefined);
  const electorate = Form.useWatch<Partial<ElectorateValues> | undefined>('electorate', form);
  const ruleCode = Form.useWatch<string | undefined>('rule', form);
  const rule = presets.find((r) => r.code === ruleCode);

  const upload = (options: UploadRequestOption) => {
    uploadAttachment(options.file as File).then(
      (ref) => options.onSuccess?.(ref),
      (error: unknown) => options.onError?.(new Error(describeError(error, t))),
    );
  };

  async function send(v: CreateValues) {
    const input = electorateInput(v.electorate);
    if (!input) return;
    setIsSending(true);
    setProblem(null);
    try {
      const attachmentIds = files
        .filter((f) => f.status === 'done')
        .map((f) => (f.response as { id: string }).id);
      const vote = await createVote({
        committeeCode: chosenCommittee,
        title: v.title.trim(),
        body: (v.body ?? '').trim(),
        electorate: input,
        rule: { preset: v.rule },
        opensAt: v.opensAt.toDate().toISOString(),
        closesAt: v.closesAt.toDate().toISOString(),
        allowChange: !!v.allowChange,
        ...(prefill?.subject ? { subject: prefill.subject } : {}),
        ...(attachmentIds.length ? { attachmentIds } : {}),
      });
      void message.success(t('votes.created'));
      onDone(vote);
    } catch (error) {
      const shown = showServerFieldError(form, error, ['title', 'body', 'opensAt', 'closesAt']);
      if (!shown) setProblem(describeError(error, t));
    } finally {
      setIsSending(false);
    }
  }

  return (
    <Drawer
      open
      width={600}
      title={t('votes.create')}
      onClose={onClose}
      data-testid="vote-create-drawer"
      extra={
        <Button
          type="primary"
          loading={isSending}
          onClick={() => form.submit()}
          data-testid="vote-create-submit"
        >
          {t('votes.createSubmit')}
        </Button>
      }
    >
      {problem && (
        <Alert
          type="error"
          showIcon
          message={problem}
          style={{ marginBottom: 12 }}
          data-testid="vote-create-error"
        />
      )}
      {prefill?.subject && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="vote-create-subject"
          message={t('votes.subjectOf', {
            subject: t(`votes.subject.${prefill.subject.type}`, {
              defaultValue: prefill.subject.type,
            }),
          })}
        />
      )}
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => void send(v)}
        initialValues={{
          title: prefill?.title,
          rule: prefill?.rule,
          electorate: prefill?.electorate ?? { kind: 'unit' },
          opensAt: dayjs().startOf('minute'),
          closesAt: dayjs().add(7, 'day').startOf('hour'),
          allowChange: true,
        }}
        data-testid="vote-create-form"
      >
        {committees.length > 1 && (
          <Form.Item
            name="committeeCode"
            label={t('votes.field.committee')}
            rules={[{ required: true, message: t('votes.rule.committee') }]}
          >
            <Select
              options={committees.map((c) => ({ value: c.code, label: c.name }))}
              data-testid="vote-committee"
            />
          </Form.Item>
        )}
        <Form.Item
          name="title"
          label={t('votes.field.title')}
          rules={[
            {
              required: true,
              whitespace: true,
              min: 2,
              max: VOTE_TITLE_MAX,
              message: t('votes.rule.title'),
            },
          ]}
        >
          <Input maxLength={VOTE_TITLE_MAX} data-testid="vote-title-input" />
        </Form.Item>
        <Form.Item name="body" label={t('votes.field.body')}>
          <Input.TextArea
            rows={5}
            maxLength={VOTE_BODY_MAX}
            showCount
            data-testid="vote-body-input"
          />
        </Form.Item>
        <Form.Item label={t('votes.field.documents')} extra={t('votes.hint.documents')}>
          <Upload
            accept=".jpg,.jpeg,.png,.pdf"
            fileList={files}
            maxCount={VOTE_MAX_DOCUMENTS}
            customRequest={upload}
            onChange={({ fileList }) => setFiles(fileList)}
          >
            <Button icon={<UploadOutlined />} data-testid="vote-documents">
              {t('votes.upload')}
            </Button>
          </Upload>
        </Form.Item>
        <ElectorateFields form={form} committeeCode={chosenCommittee} />
        <ElectoratePreviewCard
          committeeCode={chosenCommittee}
          electorate={electorate ? electorateInput(electorate) : undefined}
        />
        <Form.Item
          name="rule"
          label={t('votes.field.rule')}
          rules={[{ required: true, message: t('votes.rule.rule') }]}
          extra={
            rule ? (
              <span data-testid="vote-rule-source">
                {t('votes.ruleSource')}
                {t('votes.colon')}
                {i18n.language.startsWith('en') ? rule.sourceEn : rule.source}
                {rule.note ? <Typography.Text type="warning"> {rule.note}</Typography.Text> : null}
              </span>
            ) : rules.error ? (
              <Typography.Text type="danger">{describeError(rules.error, t)}</Typography.Text>
            ) : undefined
          }
        >
          <Select
            loading={rules.isLoading}
            options={presets.map((r) => ({ value: r.code, label: ruleName(r, i18n.language) }))}
            optionRender={(o) => <span data-testid={`vote-rule-${o.value}`}>{o.label}</span>}
            popupMatchSelectWidth
            data-testid="vote-rule"
          />
        </Form.Item>
        <Form.Item
          name="opensAt"
          label={t('votes.field.opensAt')}
          rules={[{ required: true, message: t('votes.rule.opensAt') }]}
        >
          <DatePicker
            showTime={{ format: 'HH:mm' }}
            format="YYYY-MM-DD HH:mm"
            data-testid="vote-opens-at"
          />
        </Form.Item>
        <Form.Item
          name="closesAt"
          label={t('votes.field.closesAt')}
          dependencies={['opensAt']}
          rules={[
            { required: true, message: t('votes.rule.closesAt') },
            ({ getFieldValue }) => ({
              validator: (_, value?: Dayjs) => {
                const opens = getFieldValue('opensAt') as Dayjs | undefined;
                return !value || !opens || value.isAfter(opens)
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('votes.rule.closesAfter')));
              },
            }),
          ]}
        >
          <DatePicker
            showTime={{ format: 'HH:mm' }}
            format="YYYY-MM-DD HH:mm"
            data-testid="vote-closes-at"
          />
        </Form.Item>
        <Form.Item
          name="allowChange"
          label={t('votes.field.allowChange')}
          valuePropName="checked"
          extra={t('votes.hint.allowChange')}
        >
          <Switch data-testid="vote-allow-change" />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
