import type { Account } from '@cc/contracts';
import { Select, Spin, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError, useRequest } from '../../lib/api';
import { searchAccounts } from './dispatch-api';

/** Typing pauses this long before the search runs (every account search is audited). */
const SEARCH_DELAY_MS = 300;

interface Props {
  value?: string;
  onChange?: (id: string | undefined) => void;
  id?: string;
  placeholder?: string;
  status?: 'error' | 'warning';
  testId?: string;
}

function accountLabel(account: Pick<Account, 'displayName' | 'username'>): string {
  return `${account.displayName} (${account.username})`;
}

/**
 * Picks one person by name or username from the accounts in the user's scope
 * (GET /api/accounts?q=). Nothing is fetched until the list is opened.
 */
export function AccountSelect({ value, onChange, id, placeholder, status, testId }: Props) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const [isOpened, setIsOpened] = useState(false);
  // The chosen account stays labelled after the search moves on.
  const [chosen, setChosen] = useState<Account | undefined>();

  useEffect(() => {
    const timer = window.setTimeout(() => setQ(text.trim()), SEARCH_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [text]);

  const { data, error, isLoading } = useRequest(
    (signal) => searchAccounts(q, signal),
    [q],
    isOpened,
  );

  const options = useMemo(() => {
    const items = data?.items ?? [];
    const list = items.map((account) => ({
      value: account.id,
      label: accountLabel(account),
      disabled: account.disabled,
      account,
    }));
    if (chosen && chosen.id === value && !items.some((account) => account.id === chosen.id)) {
      list.unshift({
        value: chosen.id,
        label: accountLabel(chosen),
        disabled: false,
        account: chosen,
      });
    }
    return list;
  }, [data, chosen, value]);

  return (
    <Select<string>
      id={id}
      data-testid={testId}
      value={value}
      allowClear
      placeholder={placeholder ?? t('dispatch.accountPlaceholder')}
      status={status}
      options={options}
      showSearch={{ filterOption: false, onSearch: setText }}
      onOpenChange={(open) => {
        if (open) setIsOpened(true);
      }}
      onChange={(next, option) => {
        const picked = Array.isArray(option) ? undefined : option?.account;
        setChosen(picked);
        onChange?.(next ?? undefined);
      }}
      optionRender={(option) => {
        const account = option.data.account;
        return (
          <div>
            <div>{account.displayName}</div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {account.username}
              {account.roles[0] ? ` · ${t(`role.${account.roles[0].role}`)}` : ''}
              {account.roles[0] ? ` · ${account.roles[0].areaName}` : ''}
              {account.phone ? ` · ${account.phone}` : ''}
            </Typography.Text>
          </div>
        );
      }}
      notFoundContent={
        isLoading ? (
          <Spin size="small" />
        ) : error ? (
          <Typography.Text type="danger">{describeError(error, t)}</Typography.Text>
        ) : (
          t('dispatch.noAccounts')
        )
      }
      style={{ width: '100%' }}
    />
  );
}
