import {
  CASE_REJECT_REASON_LABELS,
  CASE_REJECT_REASONS,
  type Account,
  type CaseAction,
  type CaseActionBody,
  type CaseDetail,
  type CaseRejectReason,
} from '@cc/contracts';
import { Alert, App as AntApp, Form, Input, Modal, Rate, Select, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, describeError, useRequest } from '../../lib/api';
import { inLanguage } from '../../lib/format';
import { canManageAccounts, useMe } from '../../lib/session';
import { isOpen } from './case-format';
import { actOnCase, findNearby, listCases, searchAccounts } from './cases-api';
import { PhotoUploader } from './photo-uploader';
import { usePhotoUploads } from './use-photo-uploads';
import { useDebounced } from './use-debounced';

/** Actions whose note is the reason and cannot be left out. */
const NOTE_REQUIRED: readonly CaseAction[] = ['progress', 'return', 'reopen', 'reject'];
/** Actions that carry photos (and attach them to the case). */
const WITH_PHOTOS: readonly CaseAction[] = ['resolve', 'supplement'];

interface FormValues {
  note?: string;
  assigneeId?: string;
  unitName?: string;
  targetCaseId?: string;
  rating?: number;
  rejectReason?: CaseRejectReason;
}

interface Props {
  detail: CaseDetail;
  action: CaseAction | undefined;
  onClose: () => void;
  /** The case after the step. */
  onDone: (detail: CaseDetail) => void;
  /** The case changed under us (409): close and load it again. */
  onStale: () => void;
}

/** Accounts to dispatch to, searched as the person types (staff who may list accounts). */
function AccountPicker({ value, onChange }: { value?: string; onChange?: (id?: string) => void }) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const q = useDebounced(query, 300);
  const { data, isLoading, error } = useRequest((signal) => searchAccounts(q, signal), [q]);
  const options = (data?.items ?? [])
    .filter((a: Account) => !a.disabled)
    .map((a: Account) => ({
      value: a.id,
      label: `${a.displayName} (${a.username})`,
      title: a.roles.map((r) => `${t(`role.${r.role}`)} · ${r.areaName}`).join('\n'),
    }));
  return (
    <Select
      value={value}
      onChange={(next: string | undefined) => onChange?.(next)}
      allowClear
      showSearch={{ filterOption: false, onSearch: setQuery }}
      loading={isLoading}
      options={options}
      placeholder={error ? describeError(error, t) : t('cases.actionForm.assigneePlaceholder')}
      status={error ? 'warning' : undefined}
      notFoundContent={t('cases.actionForm.noAccounts')}
      data-testid="case-action-assignee"
      style={{ width: '100%' }}
    />
  );
}

/** Candidate cases to merge into: open cases of the same scenario, nearest first. */
function MergeTargetPicker({
  detail,
  value,
  onChange,
}: {
  detail: CaseDetail;
  value?: string;
  onChange?: (id?: string) => void;
}) {
  const { t } = useTranslation();
  const { data, isLoading } = useRequest(
    async (signal) => {
      const [near, same] = await Promise.all([
        detail.lat !== null && detail.lng !== null
          ? findNearby(
              { scenarioCode: detail.scenarioCode, lat: detail.lat, lng: detail.lng },
              signal,
            ).then((r) => r.items)
          : Promise.resolve([]),
        listCases({ scenarioCode: detail.scenarioCode, pageSize: 200 }, signal).then((r) =>
          r.items.filter((c) => isOpen(c.status)),
        ),
      ]);
      const seen = new Set<string>([detail.id]);
      const options: { value: string; label: string }[] = [];
      for (const c of near) {
        if (seen.has(c.id)) continue;
        seen.add(c.id);
        options.push({
          value: c.id,
          label: `${c.number} · ${t('cases.nearby.distance', { meters: c.distanceMeters })}`,
        });
      }
      for (const c of same) {
        if (seen.has(c.id)) continue;
        seen.add(c.id);
        options.push({ value: c.id, label: `${c.number} · ${c.areaName}` });
      }
      return options;
    },
    [detail.id],
  );
  const [typed, setTyped] = useState('');
  const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(
    typed.trim(),
  );
  const options = useMemo(
    () =>
      isUuid && !(data ?? []).some((o) => o.value === typed.trim())
        ? [...(data ?? []), { value: typed.trim(), label: typed.trim() }]
        : (data ?? []),
    [data, isUuid, typed],
  );
  return (
    <Select
      value={value}
      onChange={(next: string | undefined) => onChange?.(next)}
      allowClear
      showSearch={{ optionFilterProp: 'label', onSearch: setTyped }}
      loading={isLoading}
      options={options}
      placeholder={t('cases.actionForm.targetPlaceholder')}
      notFoundContent={t('cases.actionForm.noTargets')}
      data-testid="case-action-target"
      style={{ width: '100%' }}
    />
  );
}

/**
 * One step of the loop in a sheet: the note, photos, assignee, target or stars the action
 * needs, sent with the version the person saw (a stale one is a 409: reload).
 */
export function CaseActionModal({ detail, action, onClose, onDone, onStale }: Props) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<FormValues>();
  const uploads = usePhotoUploads();
  const [isSending, setIsSending] = useState(false);
  const [photoError, setPhotoError] = useState<string | undefined>(undefined);
  const [generalError, setGeneralError] = useState<string | undefined>(undefined);
  const canListAccounts = canManageAccounts(me);

  // Each opening starts clean.
  const [shownAction, setShownAction] = useState(action);
  if (action !== shownAction) {
    setShownAction(action);
    if (action) {
      setPhotoError(undefined);
      setGeneralError(undefined);
    }
  }
  const { reset: resetUploads } = uploads;
  useEffect(() => {
    if (!action) return;
    form.resetFields();
    resetUploads();
  }, [action, form, resetUploads]);

  if (!action) return null;
  const isNoteRequired = NOTE_REQUIRED.includes(action);
  const hasPhotos = WITH_PHOTOS.includes(action);

  async function send() {
    if (!action) return;
    let values: FormValues;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    if (uploads.isUploading) {
      setPhotoError(t('cases.report.photosUploading'));
      return;
    }
    if (action === 'resolve' && uploads.photoIds.length === 0) {
      setPhotoError(t('cases.actionForm.afterPhotoRequired'));
      return;
    }
    const note = values.note?.trim();
    const body: CaseActionBody = {
      action,
      expectedVersion: detail.version,
      ...(note ? { note } : {}),
      ...(hasPhotos && uploads.photoIds.length ? { photoIds: uploads.photoIds } : {}),
      ...(action === 'dispatch' && values.assigneeId ? { assigneeId: values.assigneeId } : {}),
      ...(action === 'dispatch' && values.unitName?.trim()
        ? { unitName: values.unitName.trim() }
        : {}),
      ...(action === 'merge' && values.targetCaseId ? { targetCaseId: values.targetCaseId } : {}),
      ...(action === 'rate' && values.rating ? { rating: values.rating } : {}),
      ...(action === 'reject' && values.rejectReason ? { rejectReason: values.rejectReason } : {}),
    };
    if (action === 'supplement' && !note && !body.photoIds) {
      form.setFields([{ name: 'note', errors: [t('cases.actionForm.supplementRequired')] }]);
      return;
    }
    setIsSending(true);
    setGeneralError(undefined);
    try {
      const next = await actOnCase(detail.id, body);
      void message.success(t('cases.actionForm.done', { action: t(`cases.action.${action}`) }));
      onDone(next);
    } catch (error) {
      const text = describeError(error, t);
      if (error instanceof ApiError && error.status === 409) {
        void message.error(text);
        onStale();
        return;
      }
      const field = (error instanceof ApiError ? error.field : undefined)?.split('.')[0];
      if (field === 'note' || field === 'assigneeId' || field === 'unitName') {
        form.setFields([{ name: field, errors: [text] }]);
      } else if (field === 'targetCaseId' || field === 'rating') {
        form.setFields([{ name: field, errors: [text] }]);
      } else if (field === 'photoIds') {
        setPhotoError(text);
      } else {
        setGeneralError(text);
      }
    } finally {
      setIsSending(false);
    }
  }

  const noteLabel = ['return', 'reopen', 'reject'].includes(action)
    ? t('cases.actionForm.reason')
    : t('cases.actionForm.note');

  return (
    <Modal
      open
      title={`${t(`cases.action.${action}`)} · ${detail.number}`}
      onCancel={onClose}
      onOk={() => void send()}
      okText={t(`cases.action.${action}`)}
      cancelText={t('common.cancel')}
      confirmLoading={isSending}
      okButtonProps={{ 'data-testid': 'case-action-submit', size: 'large' }}
      cancelButtonProps={{ size: 'large' }}
      destroyOnHidden
      maskClosable={!isSending}
      data-testid="case-action-modal"
    >
      <Form<FormValues> form={form} layout="vertical" disabled={isSending}>
        {action === 'accept' ? (
          <Typography.Paragraph>{t('cases.actionForm.acceptHint')}</Typography.Paragraph>
        ) : null}
        {action === 'close' ? (
          <Typography.Paragraph>{t('cases.actionForm.closeHint')}</Typography.Paragraph>
        ) : null}
        {action === 'dispatch' ? (
          <>
            {canListAccounts ? (
              <Form.Item name="assigneeId" label={t('cases.actionForm.assignee')}>
                <AccountPicker />
              </Form.Item>
            ) : null}
            <Form.Item
              name="unitName"
              label={t('cases.actionForm.unitName')}
              dependencies={['assigneeId']}
              rules={[
                ({ getFieldValue }) => ({
                  validator: (_, value: string | undefined) =>
                    value?.trim() || getFieldValue('assigneeId')
                      ? Promise.resolve()
                      : Promise.reject(new Error(t('cases.actionForm.dispatchRequired'))),
                }),
              ]}
            >
              <Input maxLength={100} data-testid="case-action-unit" />
            </Form.Item>
          </>
        ) : null}
        {action === 'merge' ? (
          <Form.Item
            name="targetCaseId"
            label={t('cases.actionForm.target')}
            rules={[{ required: true, message: t('cases.actionForm.targetRequired') }]}
          >
            <MergeTargetPicker detail={detail} />
          </Form.Item>
        ) : null}
        {action === 'reject' ? (
          <Form.Item
            name="rejectReason"
            label={t('cases.actionForm.rejectReason')}
            extra={t('cases.actionForm.rejectReasonHint')}
            initialValue="other"
          >
            <Select
              data-testid="case-action-reject-reason"
              options={CASE_REJECT_REASONS.map((value) => ({
                value,
                label: inLanguage(
                  CASE_REJECT_REASON_LABELS[value].zh,
                  CASE_REJECT_REASON_LABELS[value].en,
                  i18n.language,
                ),
              }))}
            />
          </Form.Item>
        ) : null}
        {action === 'rate' ? (
          <Form.Item
            name="rating"
            label={t('cases.actionForm.rating')}
            rules={[{ required: true, message: t('cases.actionForm.ratingRequired') }]}
          >
            <Rate style={{ fontSize: 32 }} data-testid="case-action-rating" />
          </Form.Item>
        ) : null}
        {hasPhotos ? (
          <Form.Item
            label={
              action === 'resolve' ? t('cases.actionForm.afterPhoto') : t('cases.actionForm.photos')
            }
            required={action === 'resolve'}
          >
            <PhotoUploader uploads={uploads} testId="case-action-photo-input" error={photoError} />
          </Form.Item>
        ) : null}
        <Form.Item
          name="note"
          label={noteLabel}
          rules={[
            {
              required: isNoteRequired,
              whitespace: true,
              message: t('cases.actionForm.noteRequired', { label: noteLabel }),
            },
            { max: 2000 },
          ]}
        >
          <Input.TextArea
            autoSize={{ minRows: 2, maxRows: 6 }}
            maxLength={2000}
            data-testid="case-action-note"
          />
        </Form.Item>
        {generalError ? (
          <Alert type="error" showIcon title={generalError} data-testid="case-action-error" />
        ) : null}
      </Form>
    </Modal>
  );
}
