import { Alert, Button, Modal, Typography } from 'antd';
import type { ReactNode } from 'react';

/**
 * A secret right after it was made (a system's client_secret, a subscriber's signing secret):
 * the only time it is ever shown, `intro` and `warning` above it. Only `doneText` (我已保存)
 * closes it, so a stray click or Escape does not lose it. `children` is the secret, shown while
 * `isOpen`; `testId` names the dialog, `doneTestId` its button.
 */
export function SecretOnceModal({
  isOpen,
  title,
  intro,
  warning,
  doneText,
  testId,
  doneTestId,
  onClose,
  children,
}: {
  isOpen: boolean;
  title: string;
  intro: ReactNode;
  warning: string;
  doneText: string;
  testId: string;
  doneTestId: string;
  onClose: () => void;
  children: ReactNode;
}) {
  return (
    <Modal
      open={isOpen}
      title={title}
      closable={false}
      keyboard={false}
      mask={{ closable: false }}
      destroyOnHidden
      footer={
        <Button type="primary" onClick={onClose} data-testid={doneTestId}>
          {doneText}
        </Button>
      }
      data-testid={testId}
    >
      {isOpen ? (
        <>
          <Typography.Paragraph>{intro}</Typography.Paragraph>
          <Alert type="warning" showIcon title={warning} style={{ marginBottom: 16 }} />
          {children}
        </>
      ) : null}
    </Modal>
  );
}

/** A value to copy (an id, a secret), in code type; `testId` is on the value itself. */
export function CopyCode({ text, testId }: { text: string; testId: string }) {
  return (
    <Typography.Text code copyable={{ text }} style={{ wordBreak: 'break-all' }}>
      <span data-testid={testId}>{text}</span>
    </Typography.Text>
  );
}
