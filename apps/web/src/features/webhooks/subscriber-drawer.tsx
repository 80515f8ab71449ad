import {
  CreateWebhookSubscriberBody,
  SUBSCRIBABLE_WEBHOOK_EVENTS,
  type SubscribableWebhookEvent,
  type WebhookSecretAnswer,
  type WebhookSubscriber,
} from '@cc/contracts';
import { App as AntApp, Checkbox, Form, Grid, Input, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { FormDrawer, useSend } from '../../lib/sending';
import { createSubscriber, updateSubscriber } from './webhooks-api';

interface Values {
  name: string;
  url: string;
  events: SubscribableWebhookEvent[];
  enabled: boolean;
}

const FIELDS = ['name', 'url', 'events', 'enabled'] as const;
/** Limits read from the contract, so the form and the server agree. */
const props = CreateWebhookSubscriberBody.properties;
const limits = { nameMax: props.name.maxLength ?? 60, urlMax: props.url.maxLength ?? 500 };

/** The shape the server takes (it checks again, and refuses the platform's own address). */
export const isWebhookUrl = (value: string) => {
  try {
    const url = new URL(value.trim());
    return (url.protocol === 'http:' || url.protocol === 'https:') && !!url.hostname;
  } catch {
    return false;
  }
};

/**
 * 新增 or 编辑 a subscriber: its name, URL, and the events it gets (checkboxes from the
 * catalogue, each with what it means). An addition answers with the secret, which the page
 * shows once (`onCreated`); an edit never touches it. A refusal naming a field (`url`: not
 * http(s), the platform itself) is shown beside it.
 */
export function SubscriberDrawer({
  subscriber,
  onClose,
  onCreated,
  onSaved,
}: {
  subscriber?: WebhookSubscriber;
  onClose: () => void;
  onCreated: (answer: WebhookSecretAnswer) => void;
  onSaved: (subscriber: WebhookSubscriber) => void;
}) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const screens = Grid.useBreakpoint();
  const [form] = Form.useForm<Values>();
  const sending = useSend(form, FIELDS);

  const send = (values: Values) =>
    sending.send(async () => {
      const body = { name: values.name.trim(), url: values.url.trim(), events: values.events };
      if (subscriber) {
        const saved = await updateSubscriber(subscriber.id, body);
        void message.success(t('webhooks.saved', { name: saved.name }));
        onSaved(saved);
      } else {
        onCreated(await createSubscriber({ ...body, enabled: values.enabled }));
      }
    });

  return (
    <FormDrawer
      title={
        subscriber ? t('webhooks.editTitle', { name: subscriber.name }) : t('webhooks.createTitle')
      }
      size={screens.sm ? 560 : 360}
      submitText={subscriber ? t('webhooks.submitEdit') : t('webhooks.submitCreate')}
      submitTestId="webhook-submit"
      testId="webhook-drawer"
      sending={sending}
      onSubmit={() => form.submit()}
      onClose={onClose}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{
          name: subscriber?.name ?? '',
          url: subscriber?.url ?? '',
          events: subscriber?.events ?? ['case.filed'],
          enabled: true,
        }}
        onFinish={(values) => void send(values)}
        onValuesChange={sending.clearProblem}
      >
        <Form.Item
          name="name"
          label={t('webhooks.fields.name')}
          extra={t('webhooks.fields.nameHelp')}
          rules={[{ required: true, whitespace: true, message: t('webhooks.rules.nameRequired') }]}
        >
          <Input maxLength={limits.nameMax} data-testid="webhook-name-input" />
        </Form.Item>
        <Form.Item
          name="url"
          label={t('webhooks.fields.url')}
          extra={t('webhooks.fields.urlHelp')}
          rules={[
            { required: true, whitespace: true, message: t('webhooks.rules.urlRequired') },
            {
              validator: (_, value: string | undefined) =>
                !value?.trim() || isWebhookUrl(value)
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('webhooks.rules.urlShape'))),
            },
          ]}
        >
          <Input
            maxLength={limits.urlMax}
            placeholder="https://"
            inputMode="url"
            data-testid="webhook-url-input"
          />
        </Form.Item>
        <Form.Item
          name="events"
          label={t('webhooks.fields.events')}
          rules={[
            { required: true, type: 'array', min: 1, message: t('webhooks.rules.eventsRequired') },
          ]}
        >
          <Checkbox.Group style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
            {SUBSCRIBABLE_WEBHOOK_EVENTS.map((e) => (
              <Checkbox key={e} value={e} data-testid={`webhook-event-${e}`}>
                {t(`webhooks.events.${e}`)}{' '}
                <Typography.Text type="secondary" code style={{ fontSize: 12 }}>
                  {e}
                </Typography.Text>
                <div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t(`webhooks.eventAbout.${e}`)}
                  </Typography.Text>
                </div>
              </Checkbox>
            ))}
          </Checkbox.Group>
        </Form.Item>
        {subscriber ? null : (
          <Form.Item name="enabled" label={t('webhooks.fields.enabled')} valuePropName="checked">
            <Switch data-testid="webhook-enabled-switch" />
          </Form.Item>
        )}
      </Form>
    </FormDrawer>
  );
}
