import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import {
  CreateSsoClientBody,
  ROLES,
  SSO_CLAIMS,
  type SsoClient,
  type SsoClientWithSecret,
} from '@cc/contracts';
import { App as AntApp, Button, Checkbox, Form, Grid, Input, Select } from 'antd';
import type { Rule } from 'antd/es/form';
import { useTranslation } from 'react-i18next';
import { FormDrawer, useSend } from '../../lib/sending';
import { createClient, updateClient } from './sso-api';
import {
  CLIENT_FIELDS,
  clientFieldName,
  clientFormValues,
  isClientUri,
  isLogoUrl,
  toClientBody,
  type ClientValues,
} from './sso-rules';

type ListField = 'redirectUris' | 'postLogoutRedirectUris';

/** Limits read from the contract, so the form and the server agree. */
const props = CreateSsoClientBody.properties;
const limits = {
  nameMax: props.name.maxLength ?? 60,
  departmentMax: props.department.maxLength ?? 60,
  urlMax: props.initiateLoginUri.maxLength ?? 500,
  redirectMax: props.redirectUris.maxItems ?? 10,
  postLogoutMax: 10,
  rolesMax: props.allowedRoles.maxItems ?? 20,
};

/**
 * 登记 or 编辑 a connected system. A registration answers with the secret, which the page shows
 * once (`onCreated`); an edit never touches it. A refusal naming a field (`redirectUris.0`) is
 * shown beside that field.
 */
export function ClientDrawer({
  client,
  onClose,
  onCreated,
  onSaved,
}: {
  /** the system being edited; none to register a new one */
  client?: SsoClient;
  onClose: () => void;
  onCreated: (client: SsoClientWithSecret) => void;
  onSaved: (client: SsoClient) => void;
}) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const screens = Grid.useBreakpoint();
  const [form] = Form.useForm<ClientValues>();
  const sending = useSend(form, CLIENT_FIELDS, { toName: clientFieldName });
  // an administrator may keep (or remove) a role the list no longer offers, e.g. `resident`
  const roleChoices = ROLES.filter(
    (role) => role !== 'resident' || client?.allowedRoles.includes(role),
  );

  const send = (values: ClientValues) =>
    sending.send(async () => {
      const body = toClientBody(values);
      if (client) {
        const saved = await updateClient(client.id, body);
        void message.success(t('sso.clients.saved', { name: saved.name }));
        onSaved(saved);
      } else {
        onCreated(await createClient(body));
      }
    });

  // the server's rules, said before sending (it checks again and names the field)
  const check = (isValid: (value: string) => boolean, message: string): Rule => ({
    validator: (_, value: string | undefined) =>
      !value?.trim() || isValid(value) ? Promise.resolve() : Promise.reject(new Error(message)),
  });
  const uriRule = check(isClientUri, t('sso.clients.rules.uriShape'));
  const logoRule = check(isLogoUrl, t('sso.clients.rules.logoShape'));

  return (
    <FormDrawer
      title={
        client ? t('sso.clients.editTitle', { name: client.name }) : t('sso.clients.createTitle')
      }
      size={screens.sm ? 600 : 360}
      submitText={client ? t('sso.clients.submitEdit') : t('sso.clients.submitCreate')}
      submitTestId="sso-client-submit"
      testId="sso-client-drawer"
      sending={sending}
      onSubmit={() => form.submit()}
      onClose={onClose}
    >
      <Form<ClientValues>
        form={form}
        layout="vertical"
        initialValues={clientFormValues(client)}
        onFinish={(values) => void send(values)}
        onValuesChange={sending.clearProblem}
      >
        <Form.Item
          name="name"
          label={t('sso.clients.fields.name')}
          rules={[
            { required: true, whitespace: true, message: t('sso.clients.rules.nameRequired') },
          ]}
        >
          <Input maxLength={limits.nameMax} data-testid="sso-client-name" />
        </Form.Item>
        <Form.Item
          name="department"
          label={t('sso.clients.fields.department')}
          extra={t('sso.clients.fields.departmentHelp')}
          rules={[
            {
              required: true,
              whitespace: true,
              message: t('sso.clients.rules.departmentRequired'),
            },
          ]}
        >
          <Input maxLength={limits.departmentMax} data-testid="sso-client-department" />
        </Form.Item>
        <Form.Item
          name="logoUrl"
          label={t('sso.clients.fields.logoUrl')}
          extra={t('sso.clients.fields.logoUrlHelp')}
          rules={[logoRule]}
        >
          <Input maxLength={limits.urlMax} data-testid="sso-client-logo" />
        </Form.Item>
        <UriListField
          name="redirectUris"
          label={t('sso.clients.fields.redirectUris')}
          help={t('sso.clients.fields.redirectUrisHelp')}
          max={limits.redirectMax}
          isRequired
          rule={uriRule}
        />
        <Form.Item
          name="initiateLoginUri"
          label={t('sso.clients.fields.initiateLoginUri')}
          extra={t('sso.clients.fields.initiateLoginUriHelp')}
          rules={[
            { required: true, whitespace: true, message: t('sso.clients.rules.uriRequired') },
            uriRule,
          ]}
        >
          <Input
            maxLength={limits.urlMax}
            placeholder="https://"
            data-testid="sso-client-initiate-login"
          />
        </Form.Item>
        <UriListField
          name="postLogoutRedirectUris"
          label={t('sso.clients.fields.postLogoutRedirectUris')}
          help={t('sso.clients.fields.postLogoutRedirectUrisHelp')}
          max={limits.postLogoutMax}
          isRequired={false}
          rule={uriRule}
        />
        <Form.Item
          name="backchannelLogoutUri"
          label={t('sso.clients.fields.backchannelLogoutUri')}
          extra={t('sso.clients.fields.backchannelLogoutUriHelp')}
          rules={[uriRule]}
        >
          <Input
            maxLength={limits.urlMax}
            placeholder="https://"
            data-testid="sso-client-backchannel"
          />
        </Form.Item>
        <Form.Item
          name="allowedRoles"
          label={t('sso.clients.fields.allowedRoles')}
          extra={t('sso.clients.fields.allowedRolesHelp')}
          rules={[
            {
              required: true,
              type: 'array',
              min: 1,
              message: t('sso.clients.rules.rolesRequired'),
            },
            { type: 'array', max: limits.rolesMax },
          ]}
        >
          <Select
            mode="multiple"
            allowClear
            optionFilterProp="label"
            options={roleChoices.map((role) => ({ value: role, label: t(`role.${role}`) }))}
            data-testid="sso-client-roles"
          />
        </Form.Item>
        <Form.Item
          name="allowedClaims"
          label={t('sso.clients.fields.allowedClaims')}
          extra={t('sso.clients.fields.allowedClaimsHelp')}
        >
          <Checkbox.Group
            options={SSO_CLAIMS.map((claim) => ({
              value: claim,
              label: (
                <span data-testid={`sso-client-claim-${claim}`}>{t(`sso.claims.${claim}`)}</span>
              ),
            }))}
          />
        </Form.Item>
      </Form>
    </FormDrawer>
  );
}

/** A list of addresses: one input each, add and remove; each checked by `rule`. */
function UriListField({
  name,
  label,
  help,
  max,
  isRequired,
  rule,
}: {
  name: ListField;
  label: string;
  help: string;
  max: number;
  isRequired: boolean;
  rule: Rule;
}) {
  const { t } = useTranslation();
  return (
    <Form.List
      name={name}
      rules={
        isRequired
          ? [
              {
                validator: (_, value: unknown[] | undefined) =>
                  value && value.length > 0
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('sso.clients.rules.redirectRequired'))),
              },
            ]
          : []
      }
    >
      {(fields, { add, remove }, { errors }) => (
        <Form.Item label={label} extra={help} required={isRequired}>
          {fields.map((field, index) => (
            <div key={field.key} style={{ display: 'flex', gap: 8, alignItems: 'flex-start' }}>
              <Form.Item
                name={field.name}
                rules={[
                  { required: true, whitespace: true, message: t('sso.clients.rules.uriRequired') },
                  rule,
                ]}
                style={{ flex: 1, marginBottom: 8 }}
              >
                <Input
                  maxLength={CreateSsoClientBody.properties.initiateLoginUri.maxLength}
                  placeholder="https://"
                  data-testid={`sso-client-${name}-${index}`}
                />
              </Form.Item>
              {fields.length > 1 || !isRequired ? (
                <Button
                  type="text"
                  aria-label={t('sso.clients.fields.removeUri')}
                  icon={<MinusCircleOutlined />}
                  onClick={() => remove(field.name)}
                  data-testid={`sso-client-${name}-remove-${index}`}
                />
              ) : null}
            </div>
          ))}
          <Button
            type="dashed"
            block
            icon={<PlusOutlined />}
            onClick={() => add('')}
            disabled={fields.length >= max}
            data-testid={`sso-client-${name}-add`}
          >
            {t('sso.clients.fields.addUri')}
          </Button>
          <Form.ErrorList errors={errors} />
        </Form.Item>
      )}
    </Form.List>
  );
}
