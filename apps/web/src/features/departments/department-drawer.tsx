import {
  CreateDepartmentBody,
  DEPARTMENT_CODE_PATTERN,
  DEPARTMENT_GRANTS,
  type DepartmentGrant,
  type DepartmentKeyAnswer,
} from '@cc/contracts';
import { App as AntApp, Checkbox, Form, Grid, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { inLanguage } from '../../lib/format';
import { FormDrawer, useSend } from '../../lib/sending';
import { createDepartment, updateDepartment, type DepartmentRow } from './departments-api';

interface Values {
  code: string;
  name: string;
  nameEn: string;
  grants: DepartmentGrant[];
}

const FIELDS = ['code', 'name', 'nameEn', 'grants'] as const;
/** Limits read from the contract, so the form and the server agree. */
const props = CreateDepartmentBody.properties;
const limits = { nameMax: props.name.maxLength ?? 60, nameEnMax: props.nameEn.maxLength ?? 100 };
const CODE = new RegExp(DEPARTMENT_CODE_PATTERN);

/**
 * 新增 or 编辑 a department: its code (fixed once added), its names in both languages and its
 * grants (what it may send). An addition answers with the API key, which the page shows once
 * (`onCreated`); an edit never touches it. A refusal naming a field (a code taken) is shown
 * beside it.
 */
export function DepartmentDrawer({
  department,
  onClose,
  onCreated,
  onSaved,
}: {
  department?: DepartmentRow;
  onClose: () => void;
  onCreated: (answer: DepartmentKeyAnswer) => void;
  onSaved: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = AntApp.useApp();
  const screens = Grid.useBreakpoint();
  const [form] = Form.useForm<Values>();
  const sending = useSend(form, FIELDS);

  const send = (values: Values) =>
    sending.send(async () => {
      const body = {
        name: values.name.trim(),
        nameEn: values.nameEn.trim(),
        grants: values.grants,
      };
      if (department) {
        const saved = await updateDepartment(department.code, body);
        void message.success(
          t('departments.saved', { name: inLanguage(saved.name, saved.nameEn, i18n.language) }),
        );
        onSaved();
      } else {
        onCreated(await createDepartment({ ...body, code: values.code.trim() }));
      }
    });

  return (
    <FormDrawer
      title={
        department
          ? t('departments.editTitle', {
              name: inLanguage(department.name, department.nameEn, i18n.language),
            })
          : t('departments.createTitle')
      }
      size={screens.sm ? 520 : 360}
      submitText={department ? t('departments.submitEdit') : t('departments.submitCreate')}
      submitTestId="department-submit"
      testId="department-drawer"
      sending={sending}
      onSubmit={() => form.submit()}
      onClose={onClose}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{
          code: department?.code ?? '',
          name: department?.name ?? '',
          nameEn: department?.nameEn ?? '',
          grants: department?.grants ?? ['hotline'],
        }}
        onFinish={(values) => void send(values)}
        onValuesChange={sending.clearProblem}
      >
        <Form.Item
          name="code"
          label={t('departments.fields.code')}
          extra={t('departments.fields.codeHelp')}
          rules={[
            { required: true, whitespace: true, message: t('departments.rules.codeRequired') },
            { pattern: CODE, message: t('departments.rules.codeShape') },
          ]}
        >
          <Input
            maxLength={40}
            disabled={!!department}
            placeholder="hotline-12345"
            data-testid="department-code-input"
          />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('departments.fields.name')}
          rules={[
            { required: true, whitespace: true, message: t('departments.rules.nameRequired') },
          ]}
        >
          <Input maxLength={limits.nameMax} data-testid="department-name-input" />
        </Form.Item>
        <Form.Item
          name="nameEn"
          label={t('departments.fields.nameEn')}
          rules={[
            { required: true, whitespace: true, message: t('departments.rules.nameEnRequired') },
          ]}
        >
          <Input maxLength={limits.nameEnMax} data-testid="department-name-en-input" />
        </Form.Item>
        <Form.Item
          name="grants"
          label={t('departments.fields.grants')}
          extra={t('departments.fields.grantsHelp')}
        >
          <Checkbox.Group style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
            {DEPARTMENT_GRANTS.map((g) => (
              <Checkbox key={g} value={g} data-testid={`department-grant-${g}`}>
                {t(`departments.grants.${g}`)}
              </Checkbox>
            ))}
          </Checkbox.Group>
        </Form.Item>
      </Form>
    </FormDrawer>
  );
}
