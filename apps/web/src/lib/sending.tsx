import {
  Alert,
  App,
  Button,
  Drawer,
  Modal,
  Space,
  type ButtonProps,
  type FormInstance,
} from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from './api';
import { showServerFieldError } from './form-errors';

type FieldOptions = Parameters<typeof showServerFieldError>[3] & {
  /** the problem is said above the form even when a field shows it too (the phone's forms) */
  isProblemAlwaysShown?: boolean;
};

export interface Sending {
  isSending: boolean;
  /** what went wrong that no field of the form shows, in the server's words */
  problem: string | null;
}

/**
 * The request behind a dialog's or a form's button, one at a time: `isSending` while it runs;
 * a refusal naming one of `fields` is put beside that field of `form`, any other is the
 * `problem` (every refusal, with `isProblemAlwaysShown`).
 */
export function useSend(
  form?: FormInstance,
  fields: readonly string[] = [],
  options?: FieldOptions,
) {
  const { t } = useTranslation();
  const [problem, setProblem] = useState<string | null>(null);
  const [isSending, setIsSending] = useState(false);

  async function send(action: () => Promise<void>): Promise<void> {
    setIsSending(true);
    setProblem(null);
    try {
      await action();
    } catch (error) {
      const isShown = !!form && showServerFieldError(form, error, fields, options);
      if (!isShown || options?.isProblemAlwaysShown) setProblem(describeError(error, t));
    } finally {
      setIsSending(false);
    }
  }

  return { isSending, problem, send, clearProblem: () => setProblem(null) };
}

/**
 * A step from a table's row or a page's button, one at a time (`isBusy`): `done` is said when it went
 * through, a refusal as a message in the server's words; true when it went through.
 */
export function useAction() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [isBusy, setBusy] = useState(false);

  async function run(call: () => Promise<unknown>, done?: string): Promise<boolean> {
    setBusy(true);
    try {
      await call();
      if (done) void message.success(done);
      return true;
    } catch (error) {
      void message.error(describeError(error, t));
      return false;
    } finally {
      setBusy(false);
    }
  }

  return { isBusy, run };
}

/** The problem above a dialog's form, when there is one. */
export function ProblemAlert({
  problem,
  testId,
}: {
  problem: string | null | undefined;
  testId?: string;
}) {
  return problem ? (
    <Alert
      type="error"
      showIcon
      title={problem}
      style={{ marginBottom: 12 }}
      data-testid={testId}
    />
  ) : null;
}

/** A form in a drawer: cancel and the submit button below, the problem above the form. */
export function FormDrawer({
  title,
  size,
  submitText,
  submitTestId,
  testId,
  isEscapeClosing = true,
  sending,
  onSubmit,
  onClose,
  children,
}: {
  title: ReactNode;
  size: number;
  submitText: string;
  submitTestId: string;
  testId?: string;
  /** false: Escape does not close it (it closes a list of the form, never the form itself) */
  isEscapeClosing?: boolean;
  sending: Sending;
  onSubmit: () => void;
  onClose: () => void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Drawer
      open
      title={title}
      onClose={onClose}
      size={size}
      keyboard={isEscapeClosing}
      destroyOnHidden
      data-testid={testId}
      footer={
        <Space style={{ float: 'right' }}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            type="primary"
            loading={sending.isSending}
            onClick={onSubmit}
            data-testid={submitTestId}
          >
            {submitText}
          </Button>
        </Space>
      }
    >
      <ProblemAlert problem={sending.problem} testId={`${submitTestId}-error`} />
      {children}
    </Drawer>
  );
}

/**
 * A dialog whose OK sends a request (a form's submit, a step of a vote, a cancellation, a
 * certificate): the problem above its content; `okButtonProps` adds to the OK button (danger,
 * disabled), `cancelButtonProps` to the cancel button.
 */
export function SendModal({
  open = true,
  title,
  okText,
  okTestId,
  okButtonProps,
  cancelButtonProps,
  sending,
  onOk,
  onClose,
  width,
  children,
}: {
  open?: boolean;
  title: ReactNode;
  okText?: string;
  okTestId: string;
  okButtonProps?: ButtonProps;
  cancelButtonProps?: ButtonProps;
  sending: Sending;
  onOk: () => void;
  onClose: () => void;
  width?: number;
  children: ReactNode;
}) {
  return (
    <Modal
      open={open}
      title={title}
      onCancel={onClose}
      onOk={onOk}
      okText={okText}
      width={width}
      okButtonProps={
        {
          ...okButtonProps,
          loading: sending.isSending,
          'data-testid': okTestId,
        } as ButtonProps
      }
      cancelButtonProps={cancelButtonProps}
      destroyOnHidden
    >
      <ProblemAlert problem={sending.problem} testId={`${okTestId}-error`} />
      {children}
    </Modal>
  );
}
