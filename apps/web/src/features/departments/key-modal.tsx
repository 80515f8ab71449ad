import type { DepartmentKeyAnswer } from '@cc/contracts';
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { CopyCode, SecretOnceModal } from '../../components/secret-once-modal';
import { inLanguage } from '../../lib/format';
import { SendModal, useSend } from '../../lib/sending';
import { rotateDepartmentKey, type DepartmentRow } from './departments-api';

/** The department's API key, right after an addition or a rotation, and how it is sent. */
export function KeyModal({
  answer,
  onClose,
}: {
  answer: DepartmentKeyAnswer | undefined;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const d = answer?.department;
  return (
    <SecretOnceModal
      isOpen={!!answer}
      title={t('departments.key.title')}
      intro={
        d ? t('departments.key.intro', { name: inLanguage(d.name, d.nameEn, i18n.language) }) : null
      }
      warning={t('departments.key.warning')}
      doneText={t('departments.key.done')}
      testId="department-key-modal"
      doneTestId="department-key-done"
      onClose={onClose}
    >
      {answer ? (
        <>
          <Typography.Text type="secondary">{t('departments.key.label')}</Typography.Text>
          <Typography.Paragraph>
            <CopyCode text={answer.apiKey} testId="department-key" />
          </Typography.Paragraph>
          <Typography.Paragraph type="secondary">
            {t('departments.key.usage')}{' '}
            <Typography.Text code>
              Authorization: Bearer {answer.apiKey.slice(0, 8)}…
            </Typography.Text>
          </Typography.Paragraph>
        </>
      ) : null}
    </SecretOnceModal>
  );
}

/** 更换密钥: a new key, shown once; the old one stops at once (a leak, a handover). */
export function RotateKeyModal({
  department,
  onClose,
  onRotated,
}: {
  department: DepartmentRow;
  onClose: () => void;
  onRotated: (answer: DepartmentKeyAnswer) => void;
}) {
  const { t, i18n } = useTranslation();
  const sending = useSend();
  return (
    <SendModal
      title={t('departments.rotateTitle', {
        name: inLanguage(department.name, department.nameEn, i18n.language),
      })}
      okText={t('departments.rotate')}
      okTestId="department-rotate-confirm"
      okButtonProps={{ danger: true }}
      sending={sending}
      onOk={() =>
        void sending.send(async () => onRotated(await rotateDepartmentKey(department.code)))
      }
      onClose={onClose}
    >
      <Typography.Paragraph>{t('departments.rotateConfirm')}</Typography.Paragraph>
    </SendModal>
  );
}
