import { DeleteOutlined, UserAddOutlined } from '@ant-design/icons';
import type { AttachmentRef, Council, Guideline } from '@cc/contracts';
import { App, Button, DatePicker, Form, Input, InputNumber, List, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AttachmentsField } from './attachments-field';
import { createGuideline, pickAccount } from './councils-api';
import { useAccountFinder } from './phone-finder';
import { FormDrawer, useSend } from '../../lib/sending';

interface GuidelineValues {
  title: string;
  body: string;
  documents?: AttachmentRef[];
  reviewerPhone?: string;
  reviewerOrg?: string;
  approvalsRequired: number;
  closesAt: Dayjs;
}

interface PickedReviewer {
  accountId: string;
  name: string;
  phone: string;
  organisation: string;
}

const FIELDS = ['title', 'body', 'documents', 'reviewerPhone', 'approvalsRequired', 'closesAt'];

/**
 * 发布项目指南 (e.g. 店招店牌): what members may apply for and how, the expert reviewers
 * (守门人) — accounts found by their mobile number, each with the body they speak for — and
 * how many of them must approve an application, until when applications are taken.
 */
export function GuidelineDrawer({
  council,
  onClose,
  onCreated,
}: {
  council: Council;
  onClose: () => void;
  onCreated: (guideline: Guideline) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<GuidelineValues>();
  const sending = useSend(form, FIELDS, {
    aliases: { documentIds: 'documents', reviewers: 'reviewerPhone' },
    toName: (path) => path[0] as string,
  });
  const [reviewers, setReviewers] = useState<PickedReviewer[]>([]);
  const finder = useAccountFinder(form, 'reviewerPhone', (phone) => pickAccount(council.id, phone));

  async function addReviewer() {
    const organisation = ((form.getFieldValue('reviewerOrg') as string | undefined) ?? '').trim();
    if (!organisation) {
      form.setFields([{ name: 'reviewerOrg', errors: [t('councils.guideline.orgRule')] }]);
      return;
    }
    const found = await finder.find();
    if (!found) return;
    if (reviewers.some((r) => r.accountId === found.accountId)) {
      form.setFields([{ name: 'reviewerPhone', errors: [t('councils.guideline.reviewerTwice')] }]);
      return;
    }
    setReviewers([...reviewers, { ...found, organisation }]);
    form.setFields([
      { name: 'reviewerPhone', value: '', errors: [] },
      { name: 'reviewerOrg', value: '', errors: [] },
    ]);
  }

  const send = (v: GuidelineValues) =>
    sending.send(async () => {
      if (reviewers.length === 0) {
        form.setFields([
          { name: 'reviewerPhone', errors: [t('councils.guideline.reviewersRule')] },
        ]);
        return;
      }
      const documentIds = (v.documents ?? []).map((d) => d.id);
      const guideline = await createGuideline(council.id, {
        title: v.title.trim(),
        body: v.body.trim(),
        ...(documentIds.length > 0 ? { documentIds } : {}),
        reviewers: reviewers.map((r) => ({
          accountId: r.accountId,
          organisation: r.organisation,
        })),
        approvalsRequired: v.approvalsRequired,
        closesAt: v.closesAt.toDate().toISOString(),
      });
      void message.success(t('councils.guideline.created', { title: guideline.title }));
      onCreated(guideline);
    });

  return (
    <FormDrawer
      title={t('councils.guideline.create')}
      size={640}
      submitText={t('councils.guideline.submit')}
      submitTestId="guideline-submit"
      testId="guideline-drawer"
      sending={sending}
      onSubmit={() => form.submit()}
      onClose={onClose}
    >
      <Form<GuidelineValues>
        form={form}
        layout="vertical"
        initialValues={{
          approvalsRequired: 2,
          closesAt: dayjs().add(30, 'day').endOf('day').startOf('minute'),
          documents: [],
        }}
        onFinish={(v) => void send(v)}
      >
        <Form.Item
          name="title"
          label={t('councils.guideline.title')}
          rules={[{ required: true, whitespace: true, message: t('councils.guideline.titleRule') }]}
        >
          <Input maxLength={80} data-testid="guideline-title-input" />
        </Form.Item>
        <Form.Item
          name="body"
          label={t('councils.guideline.body')}
          rules={[{ required: true, whitespace: true, message: t('councils.guideline.bodyRule') }]}
        >
          <Input.TextArea
            maxLength={5000}
            autoSize={{ minRows: 4, maxRows: 12 }}
            data-testid="guideline-body-input"
          />
        </Form.Item>
        <Form.Item name="documents" label={t('councils.guideline.documents')}>
          <AttachmentsField
            buttonText={t('councils.guideline.upload')}
            accept=".pdf,.docx,.xlsx,.jpg,.jpeg,.png"
            testId="guideline-documents-upload"
          />
        </Form.Item>
        <div data-testid="guideline-reviewers">
          <Form.Item label={t('councils.guideline.reviewers')} required style={{ marginBottom: 0 }}>
            <Space.Compact style={{ width: '100%' }}>
              <Form.Item name="reviewerPhone" style={{ flex: 2 }}>
                <Input
                  inputMode="tel"
                  maxLength={20}
                  placeholder={t('councils.member.phone')}
                  data-testid="guideline-reviewer-phone"
                />
              </Form.Item>
              <Form.Item name="reviewerOrg" style={{ flex: 2 }}>
                <Input
                  maxLength={60}
                  placeholder={t('councils.guideline.org')}
                  onPressEnter={(e) => {
                    e.preventDefault();
                    void addReviewer();
                  }}
                  data-testid="guideline-reviewer-org"
                />
              </Form.Item>
              <Button
                icon={<UserAddOutlined />}
                loading={finder.isFinding}
                onClick={() => void addReviewer()}
                data-testid="guideline-reviewer-add"
              >
                {t('councils.guideline.addReviewer')}
              </Button>
            </Space.Compact>
          </Form.Item>
          <List<PickedReviewer>
            size="small"
            dataSource={reviewers}
            locale={{ emptyText: t('councils.guideline.noReviewers') }}
            style={{ marginBottom: 16 }}
            renderItem={(r) => (
              <List.Item
                data-testid="guideline-reviewer"
                data-account-id={r.accountId}
                actions={[
                  <Button
                    key="remove"
                    size="small"
                    type="text"
                    icon={<DeleteOutlined />}
                    aria-label={t('councils.guideline.removeReviewer')}
                    onClick={() =>
                      setReviewers(reviewers.filter((x) => x.accountId !== r.accountId))
                    }
                  />,
                ]}
              >
                {r.name} · {r.phone} · {r.organisation}
              </List.Item>
            )}
          />
        </div>
        <Form.Item
          name="approvalsRequired"
          label={t('councils.guideline.approvals')}
          extra={t('councils.guideline.approvalsHelp', { n: reviewers.length })}
          rules={[
            { required: true, message: t('councils.guideline.approvalsRule') },
            {
              validator: (_, n: number | undefined) =>
                n === undefined || n === null || reviewers.length === 0 || n <= reviewers.length
                  ? Promise.resolve()
                  : Promise.reject(
                      new Error(t('councils.guideline.approvalsMax', { n: reviewers.length })),
                    ),
            },
          ]}
        >
          <InputNumber<number>
            min={1}
            max={20}
            precision={0}
            style={{ width: 120 }}
            data-testid="guideline-approvals-input"
          />
        </Form.Item>
        <Form.Item
          name="closesAt"
          label={t('councils.guideline.closesAt')}
          rules={[{ required: true, message: t('councils.guideline.closesAtRule') }]}
        >
          <DatePicker
            showTime={{ format: 'HH:mm' }}
            format="YYYY-MM-DD HH:mm"
            data-testid="guideline-closes-input"
          />
        </Form.Item>
      </Form>
    </FormDrawer>
  );
}
