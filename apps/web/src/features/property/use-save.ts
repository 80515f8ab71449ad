import { App, type FormInstance } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../lib/api';
import { showServerFieldError } from '../../lib/form-errors';

/** Save a form through `save`; a field the server names is shown beside it, anything else above. */
export function useSave<T>(form: FormInstance<T>, known: readonly string[]) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  return {
    busy,
    async run(save: () => Promise<unknown>, done: string): Promise<boolean> {
      setBusy(true);
      try {
        await save();
        void message.success(done);
        return true;
      } catch (error) {
        if (!showServerFieldError(form, error, known)) void message.error(describeError(error, t));
        return false;
      } finally {
        setBusy(false);
      }
    },
  };
}
