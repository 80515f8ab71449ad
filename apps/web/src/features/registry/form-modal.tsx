import { Alert, Form, Modal, type FormInstance, type FormProps } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../lib/api';
import { fieldHead, showServerFieldError } from '../../lib/form-errors';

interface Props<V> {
  isOpen: boolean;
  title: ReactNode;
  /** the submit button's text */
  okText: ReactNode;
  /** the submit button's data-testid */
  submitTestId: string;
  /** the form's fields: a server error naming one of them is shown beside it */
  fields: readonly string[];
  /**
   * Saves the values. A failure is shown beside the field the server names, or else above the
   * form; throw an Error to show its message there without calling the server.
   */
  onSubmit: (values: V) => Promise<void>;
  onClose: () => void;
  /** the form, when the caller watches or sets its values */
  form?: FormInstance<V>;
  initialValues?: FormProps<V>['initialValues'];
  /** a red submit button, for what cannot be undone */
  isDanger?: boolean;
  /** the Form.Items */
  children: ReactNode;
}

/**
 * A dialog around a vertical form: the submit button saves (spinning meanwhile), and a failure
 * shows beside its field or above the form. Its values and error are dropped when it closes.
 */
export function FormModal<V>({
  isOpen,
  title,
  okText,
  submitTestId,
  fields,
  onSubmit,
  onClose,
  form: given,
  initialValues,
  isDanger = false,
  children,
}: Props<V>) {
  const { t } = useTranslation();
  const [form] = Form.useForm<V>(given);
  const [isSaving, setIsSaving] = useState(false);
  const [formError, setFormError] = useState<string | undefined>();

  async function submit(values: V) {
    setIsSaving(true);
    setFormError(undefined);
    try {
      await onSubmit(values);
    } catch (error) {
      if (!showServerFieldError(form, error, fields, { toName: fieldHead }))
        setFormError(describeError(error, t));
    } finally {
      setIsSaving(false);
    }
  }

  return (
    <Modal
      open={isOpen}
      title={title}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={okText}
      cancelText={t('common.cancel')}
      confirmLoading={isSaving}
      okButtonProps={{ danger: isDanger, 'data-testid': submitTestId }}
      afterClose={() => setFormError(undefined)}
      destroyOnHidden
    >
      {formError ? (
        <Alert type="error" showIcon title={formError} style={{ marginBottom: 12 }} />
      ) : null}
      {/* cleared when it closes: the next opening starts from its own initial values (an edit
          after an add showed the add's defaults, or nothing) */}
      <Form<V>
        form={form}
        layout="vertical"
        preserve={false}
        clearOnDestroy
        initialValues={initialValues}
        onFinish={(values) => void submit(values)}
      >
        {children}
      </Form>
    </Modal>
  );
}
