import type { FormInstance } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../lib/api';
import { showServerFieldError } from '../../lib/form-errors';

/**
 * The submit of a phone form: `submit(action)` runs the request once at a time; an error that
 * names one of `fields` is shown beside that field, any other above the form (`error`).
 */
export function useFormSubmit(form: FormInstance, fields: readonly string[]) {
  const { t } = useTranslation();
  const [isSubmitting, setIsSubmitting] = useState(false);
  const [error, setError] = useState<string | undefined>();

  async function submit(action: () => Promise<void>): Promise<void> {
    setIsSubmitting(true);
    setError(undefined);
    try {
      await action();
    } catch (cause) {
      if (!showServerFieldError(form, cause, fields)) setError(describeError(cause, t));
    } finally {
      setIsSubmitting(false);
    }
  }

  return { isSubmitting, error, submit };
}
