import { PhoneOutlined, PrinterOutlined } from '@ant-design/icons';
import type { CallListEntry, EmergencyContact } from '@cc/contracts';
import { Alert, Button, Checkbox, Grid, List, Modal, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { useMe } from '../../lib/session';
import { isTooShort, ReasonInput } from '../../components/reveal-reason';
import { revealCallList } from './registry-api';
import { codeLabel } from './registry-labels';
import './registry.css';

/** A number as a phone dials it: digits only (a landline keeps its area code). */
const telHref = (phone: string) => `tel:${phone.replace(/[^\d+]/g, '')}`;

function Tel({ phone, testId }: { phone: string; testId?: string }) {
  return (
    <a href={telHref(phone)} className="cc-reg-mono" data-testid={testId}>
      {phone}
    </a>
  );
}

function ContactCell({ contact }: { contact: EmergencyContact | null }) {
  const { t, i18n } = useTranslation();
  if (!contact)
    return <Typography.Text type="secondary">{t('careCalls.callList.none')}</Typography.Text>;
  return (
    <span>
      {contact.name} · {codeLabel('contactRelation', contact.relation, i18n.language)}
      <br />
      <Tel phone={contact.phone} />
    </span>
  );
}

/**
 * 拨打名单: for a care group (独居老人, …) of an area, committee staff state a reason and get
 * the page's people in clear at once — name, phone, address, emergency contact — with tel:
 * links and a printable layout; the server writes one audit entry per person. Closing the
 * dialog forgets the list and the reason.
 */
export function CallListButton({
  area,
  tag,
  groupName,
}: {
  area: string;
  tag: string;
  groupName: string;
}) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const isPhone = !Grid.useBreakpoint().md;
  const [isOpen, setIsOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [items, setItems] = useState<CallListEntry[] | undefined>();
  const [cursor, setCursor] = useState<string | null>(null);
  const [called, setCalled] = useState<ReadonlySet<string>>(new Set());
  const [error, setError] = useState<string | undefined>();
  const [isSending, setIsSending] = useState(false);
  const [shownAt, setShownAt] = useState('');

  const close = () => {
    setIsOpen(false);
    setItems(undefined);
    setCursor(null);
    setCalled(new Set());
    setReason('');
    setError(undefined);
  };

  async function reveal(after?: string) {
    setIsSending(true);
    setError(undefined);
    try {
      const page = await revealCallList({
        area,
        tag,
        reason: reason.trim(),
        ...(after ? { cursor: after } : {}),
      });
      setItems((before) => [...(after ? (before ?? []) : []), ...page.items]);
      setCursor(page.nextCursor);
      setShownAt(new Date().toISOString());
    } catch (cause) {
      setError(describeError(cause, t));
    } finally {
      setIsSending(false);
    }
  }

  const title = t('careCalls.callList.title', { group: groupName });
  return (
    <>
      <Button icon={<PhoneOutlined />} onClick={() => setIsOpen(true)} data-testid="call-list-open">
        {t('careCalls.callList.open')}
      </Button>
      <Modal
        open={isOpen}
        title={title}
        onCancel={close}
        destroyOnHidden
        width={items ? 1000 : 520}
        className={items ? 'cc-call-list-modal' : undefined}
        footer={
          items ? (
            <Space wrap>
              {cursor ? (
                <Button
                  loading={isSending}
                  onClick={() => void reveal(cursor)}
                  data-testid="call-list-more"
                >
                  {t('careCalls.callList.more')}
                </Button>
              ) : null}
              <Button
                icon={<PrinterOutlined />}
                onClick={() => window.print()}
                data-testid="call-list-print"
              >
                {t('careCalls.callList.print')}
              </Button>
              <Button type="primary" onClick={close} data-testid="call-list-close">
                {t('careCalls.callList.close')}
              </Button>
            </Space>
          ) : (
            <>
              <Button onClick={close}>{t('common.cancel')}</Button>
              <Button
                type="primary"
                disabled={isTooShort(reason)}
                loading={isSending}
                onClick={() => void reveal()}
                data-testid="call-list-confirm"
              >
                {t('careCalls.callList.confirm')}
              </Button>
            </>
          )
        }
      >
        {items ? (
          <div className="cc-call-list" data-testid="call-list">
            <div className="cc-call-list-head">
              <Typography.Title level={4} style={{ margin: 0 }} className="cc-call-list-print-only">
                {title}
              </Typography.Title>
              <Typography.Text type="secondary">
                {t('careCalls.callList.count', { count: items.length })} ·{' '}
                {t('careCalls.callList.printedBy', {
                  at: formatDateTime(shownAt, i18n.language),
                  who: me.displayName || me.username,
                })}
              </Typography.Text>
            </div>
            <Alert
              type="warning"
              showIcon
              className="cc-call-list-noprint"
              title={t('careCalls.callList.audited', { reason: reason.trim() })}
              style={{ margin: '8px 0' }}
            />
            {error ? (
              <Alert type="error" showIcon title={error} style={{ marginBottom: 8 }} />
            ) : null}
            {isPhone ? (
              <List<CallListEntry>
                dataSource={items}
                rowKey="id"
                locale={{ emptyText: t('careCalls.callList.empty') }}
                renderItem={(r, index) => (
                  <List.Item>
                    <div style={{ width: '100%' }}>
                      <Typography.Text strong data-testid={`call-list-name-${r.id}`}>
                        {index + 1}. {r.name}
                      </Typography.Text>
                      <Typography.Text type="secondary" style={{ marginLeft: 6, fontSize: 12 }}>
                        {t('careCalls.callList.ageValue', { age: r.age })}
                      </Typography.Text>
                      <div>
                        {r.phone ? (
                          <Tel phone={r.phone} testId={`call-list-phone-${r.id}`} />
                        ) : (
                          t('careCalls.callList.none')
                        )}
                      </div>
                      <Typography.Text type="secondary">
                        {r.roomLabel ?? t('registry.noRoom')}
                      </Typography.Text>
                      <div>
                        {t('careCalls.callList.contactLabel')}
                        <ContactCell contact={r.emergencyContact} />
                      </div>
                    </div>
                  </List.Item>
                )}
              />
            ) : (
              <Table<CallListEntry>
                size="small"
                rowKey="id"
                pagination={false}
                dataSource={items}
                scroll={{ x: 'max-content' }}
                locale={{ emptyText: t('careCalls.callList.empty') }}
                columns={[
                  {
                    key: 'index',
                    title: t('careCalls.callList.index'),
                    render: (_, __, index) => index + 1,
                    width: 56,
                  },
                  {
                    key: 'name',
                    title: t('careCalls.callList.name'),
                    render: (_, r) => (
                      <span data-testid={`call-list-name-${r.id}`}>
                        {r.name}
                        <Typography.Text type="secondary" style={{ marginLeft: 6, fontSize: 12 }}>
                          {t('careCalls.callList.ageValue', { age: r.age })}
                        </Typography.Text>
                      </span>
                    ),
                  },
                  {
                    key: 'phone',
                    title: t('careCalls.callList.phone'),
                    render: (_, r) =>
                      r.phone ? (
                        <Tel phone={r.phone} testId={`call-list-phone-${r.id}`} />
                      ) : (
                        <Typography.Text type="secondary">
                          {t('careCalls.callList.none')}
                        </Typography.Text>
                      ),
                  },
                  {
                    key: 'room',
                    title: t('careCalls.callList.room'),
                    render: (_, r) => r.roomLabel ?? t('registry.noRoom'),
                  },
                  {
                    key: 'contact',
                    title: t('careCalls.callList.contact'),
                    render: (_, r) => <ContactCell contact={r.emergencyContact} />,
                  },
                  {
                    key: 'called',
                    title: t('careCalls.callList.called'),
                    width: 72,
                    render: (_, r) => (
                      <Checkbox
                        checked={called.has(r.id)}
                        aria-label={t('careCalls.callList.called')}
                        onChange={(event) =>
                          setCalled((before) => {
                            const next = new Set(before);
                            if (event.target.checked) next.add(r.id);
                            else next.delete(r.id);
                            return next;
                          })
                        }
                      />
                    ),
                  },
                ]}
              />
            )}
          </div>
        ) : (
          <>
            <Typography.Paragraph type="secondary">
              {t('careCalls.callList.hint')}
            </Typography.Paragraph>
            <ReasonInput
              reason={reason}
              onChange={setReason}
              error={error}
              testId="call-list"
              placeholder={t('careCalls.callList.reasonPlaceholder')}
            />
          </>
        )}
      </Modal>
    </>
  );
}
