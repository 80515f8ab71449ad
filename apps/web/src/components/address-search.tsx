import { SearchOutlined } from '@ant-design/icons';
import type { AddressHit, AddressSearchAnswer } from '@cc/contracts';
import { AutoComplete, Input, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, isAbortError } from '../lib/api';

interface Props {
  /** called with the address chosen from the list (click or Enter) */
  onChoose: (hit: AddressHit) => void;
  /** nearer addresses first among equals */
  near?: { lat: number; lng: number } | undefined;
  testId?: string;
  style?: React.CSSProperties;
  size?: 'small' | 'middle' | 'large';
}

const DEBOUNCE_MS = 250;
const LIMIT = 8;

/**
 * 地址搜索: type a door number, a compound or a fixed point; the server's ranked answers (exact
 * door number first, then prefix, then contains; your own area first) show as the label and
 * the area it lies in. Arrow keys and Enter choose, as in any antd AutoComplete. Small on
 * purpose: antd and the api client only, so a page can load it lazily.
 */
export function AddressSearch({ onChoose, near, testId = 'address-search', style, size }: Props) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [hits, setHits] = useState<AddressHit[]>([]);
  const [state, setState] = useState<'idle' | 'searching' | 'done' | 'failed'>('idle');
  const timer = useRef<number | undefined>(undefined);
  const pending = useRef<AbortController | undefined>(undefined);
  useEffect(
    () => () => {
      window.clearTimeout(timer.current);
      pending.current?.abort();
    },
    [],
  );

  /** What was typed: shown at once, searched once typing pauses (the last search wins). */
  const type = (value: string) => {
    setText(value);
    window.clearTimeout(timer.current);
    pending.current?.abort();
    const q = value.trim();
    if (!q) {
      setHits([]);
      setState('idle');
      return;
    }
    setState('searching');
    const controller = new AbortController();
    pending.current = controller;
    timer.current = window.setTimeout(() => {
      api
        .get<AddressSearchAnswer>(
          '/api/addresses/search',
          { q: q.slice(0, 100), limit: LIMIT, near: near ? `${near.lat},${near.lng}` : undefined },
          controller.signal,
        )
        .then((answer) => {
          setHits(answer.items);
          setState('done');
        })
        .catch((e: unknown) => {
          if (isAbortError(e)) return;
          setHits([]);
          setState('failed');
        });
    }, DEBOUNCE_MS);
  };

  const options = hits.map((h) => ({
    value: h.id,
    label: (
      <div data-testid={`${testId}-option`} data-label={h.label}>
        <div>{h.label}</div>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t(`addresses.kinds.${h.kind}`)} · {h.areaPathNames.join(' › ') || h.areaName}
        </Typography.Text>
      </div>
    ),
  }));

  const notFound =
    state === 'searching'
      ? t('addresses.search.searching')
      : state === 'failed'
        ? t('addresses.search.failed')
        : state === 'done'
          ? t('addresses.search.empty')
          : null;

  return (
    <AutoComplete
      value={text}
      options={options}
      onChange={(v: string) => {
        // an option's value is its id: the text box keeps what was typed until one is chosen
        if (!hits.some((h) => h.id === v)) type(v);
      }}
      onSelect={(id: string) => {
        const hit = hits.find((h) => h.id === id);
        if (!hit) return;
        setText(hit.label);
        onChoose(hit);
      }}
      notFoundContent={notFound}
      defaultActiveFirstOption
      style={{ width: '100%', ...style }}
      data-testid={testId}
      aria-label={t('addresses.search.label')}
    >
      <Input
        size={size}
        allowClear
        prefix={<SearchOutlined />}
        placeholder={t('addresses.search.placeholder')}
        data-testid={`${testId}-input`}
        aria-label={t('addresses.search.label')}
      />
    </AutoComplete>
  );
}
