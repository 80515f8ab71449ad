import { PlusOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Grid, Table, type ButtonProps, type TableColumnsType } from 'antd';
import { useState, type HTMLAttributes, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useAction } from '../lib/sending';
import { ListCard } from './list-page';
import { RefreshButton } from './page-parts';

/*
 * A short list kept by hand (接入系统, 外部订阅): every row in one table, a drawer that adds or
 * edits one, steps from each row (some behind a confirmation, 停用/启用 among them), and the
 * secret an addition or a rotation makes, kept for its SecretOnceModal.
 */

/**
 * The list's card: refresh and a button that adds one (`create`, left out for those who only
 * read) above a table of every row, unpaged, `scrollX` wide on a wider screen.
 */
export function ManagedTable<T extends { id: string }>({
  title,
  request,
  create,
  columns,
  scrollX,
  emptyText,
  testId,
  onRow,
}: {
  /** the card's title, when the page holds more than this list */
  title?: ReactNode;
  request: {
    data: { items: T[] } | undefined;
    error: unknown;
    isLoading: boolean;
    reload: () => void;
  };
  create?: { text: string; testId: string; onClick: () => void };
  columns: TableColumnsType<T>;
  scrollX: number;
  emptyText: string;
  testId: string;
  onRow: (row: T) => HTMLAttributes<HTMLElement>;
}) {
  const screens = Grid.useBreakpoint();
  return (
    <ListCard
      title={title}
      error={request.error}
      hasData={!!request.data}
      onRetry={request.reload}
      toolbar={<RefreshButton onClick={request.reload} />}
      actions={
        create ? (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={create.onClick}
            data-testid={create.testId}
          >
            {create.text}
          </Button>
        ) : undefined
      }
    >
      <Table<T>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={request.data?.items ?? []}
        loading={request.isLoading}
        pagination={false}
        scroll={{ x: screens.md ? scrollX : 640 }}
        locale={{ emptyText }}
        data-testid={testId}
        onRow={onRow}
      />
    </ListCard>
  );
}

/** The drawer: closed, adding a record, or editing one. */
type Editing<T> = { isOpen: false } | { isOpen: true; record?: T };

/**
 * The drawer of the list (`editing`, opened by `open`) and the secret `S` an addition makes
 * (`secret`, shown once until `hideSecret`). `drawer` is what the drawer is given: closing, and
 * an addition or an edit that went through (either reads the list again).
 */
export function useEditing<T, S>(reload: () => void) {
  const [editing, setEditing] = useState<Editing<T>>({ isOpen: false });
  const [secret, setSecret] = useState<S | undefined>();
  const close = () => setEditing({ isOpen: false });
  return {
    editing,
    open: (record?: T) => setEditing({ isOpen: true, record }),
    secret,
    showSecret: setSecret,
    hideSecret: () => setSecret(undefined),
    drawer: {
      onClose: close,
      onCreated: (created: S) => {
        close();
        setSecret(created);
        reload();
      },
      onSaved: () => {
        close();
        reload();
      },
    },
  };
}

/**
 * The steps from the rows of a list kept by hand (接入系统, 外部订阅), one at a time (`isBusy`):
 * `run` a step at once, or `confirm` it first; either reads the list again (`reload`) when the
 * step went through.
 */
export function useRowSteps(reload: () => void) {
  const { t } = useTranslation();
  const { modal } = AntApp.useApp();
  const action = useAction();

  async function run(call: () => Promise<unknown>, done?: string) {
    if (await action.run(call, done)) reload();
  }

  function confirm({
    title,
    content,
    okText,
    okTestId,
    isDanger,
    call,
    done,
  }: {
    title: string;
    content: string;
    okText: string;
    okTestId: string;
    isDanger: boolean;
    call: () => Promise<unknown>;
    /** said when the step went through */
    done?: string;
  }) {
    modal.confirm({
      title,
      content,
      okText,
      cancelText: t('common.cancel'),
      okButtonProps: { danger: isDanger, 'data-testid': okTestId } as ButtonProps,
      onOk: () => run(call, done),
    });
  }

  return { isBusy: action.isBusy, run, confirm };
}

export type RowSteps = ReturnType<typeof useRowSteps>;

/** A small button among a row's actions; `data-id` names the row's record (for the journeys). */
export function RowButton({
  id,
  testId,
  isDanger,
  isDisabled,
  onClick,
  children,
}: {
  id: string;
  testId: string;
  isDanger?: boolean;
  isDisabled?: boolean;
  onClick: () => void;
  children: ReactNode;
}) {
  return (
    <Button
      size="small"
      danger={isDanger}
      disabled={isDisabled}
      onClick={onClick}
      data-testid={testId}
      data-id={id}
    >
      {children}
    </Button>
  );
}

/**
 * 停用/启用 of a row, behind a confirmation. The texts are the keys under `keys`: `disable`,
 * `disableTitle`, `disableConfirm` and `disabled` ({{name}} in all but the first), and the same
 * for `enable`. The button's test id is `${testId}-disable` or `${testId}-enable`, the
 * confirmation's OK that with `-confirm`.
 */
export function SwitchButton({
  record,
  isEnabled,
  keys,
  testId,
  steps,
  onEnable,
  onDisable,
}: {
  record: { id: string; name: string };
  isEnabled: boolean;
  keys: string;
  testId: string;
  steps: RowSteps;
  onEnable: () => Promise<unknown>;
  onDisable: () => Promise<unknown>;
}) {
  const { t } = useTranslation();
  const step = isEnabled ? 'disable' : 'enable';
  const done = isEnabled ? 'disabled' : 'enabled';
  const { name } = record;
  return (
    <RowButton
      id={record.id}
      testId={`${testId}-${step}`}
      isDanger={isEnabled}
      isDisabled={steps.isBusy}
      onClick={() =>
        steps.confirm({
          title: t(`${keys}.${step}Title`, { name }),
          content: t(`${keys}.${step}Confirm`),
          okText: t(`${keys}.${step}`),
          okTestId: `${testId}-${step}-confirm`,
          isDanger: isEnabled,
          call: isEnabled ? onDisable : onEnable,
          done: t(`${keys}.${done}`, { name }),
        })
      }
    >
      {t(`${keys}.${step}`)}
    </RowButton>
  );
}
