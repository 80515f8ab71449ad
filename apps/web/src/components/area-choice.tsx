import type { AreaDetail, Role } from '@cc/contracts';
import { Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { areasApi, useRequest } from '../lib/api';
import { areaName } from '../lib/format';
import { scopeRoots, useMe, type ScopeRoot } from '../lib/session';
import { AreaTreeSelect } from './area-tree-select';

export interface AreaChoice {
  /** where the reader's work reaches (their bindings of `roles`) */
  roots: ScopeRoot[];
  /** the area shown: `?area=` when given, else their first area of `preferLevel`, else the first */
  area: string | undefined;
  setArea: (code: string) => void;
  /** the area's record (name, level, centre) once loaded */
  detail: AreaDetail['area'] | undefined;
}

/**
 * The area a console page works on (a street for 街区共治, a committee for volunteers), kept
 * in the address (`?area=`). `roles` should be a constant list.
 */
export function useAreaChoice(roles: readonly Role[], preferLevel: string): AreaChoice {
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const roots = useMemo(() => scopeRoots(me, roles), [me, roles]);
  const preferred = me.roles.find(
    (b) => roles.includes(b.role) && b.areaLevel === preferLevel,
  )?.areaCode;
  const area = params.get('area') || preferred || roots[0]?.code;
  const detail = useRequest((signal) => areasApi.getArea(area!, signal), [area], !!area);
  return {
    roots,
    area,
    setArea: (code) =>
      setParams(
        (before) => {
          const next = new URLSearchParams(before);
          next.set('area', code);
          return next;
        },
        { replace: true },
      ),
    detail: detail.data?.area.code === area ? detail.data?.area : undefined,
  };
}

/** How a feature's area picker looks. */
export interface AreaPicker {
  /** the reader's only root (when they have one) leaves nothing to pick: its name is shown */
  isNameOnly: (only: ScopeRoot, area: string | undefined) => boolean;
  /** an i18n key */
  placeholder: string;
  minWidth: number;
}

/**
 * The area picker: a tree from the reader's areas — or their one area's name, when the
 * feature's `picker` says it leaves nothing to pick.
 */
export function AreaChoiceSelect({
  choice,
  picker: { isNameOnly, placeholder, minWidth },
  testId,
}: {
  choice: AreaChoice;
  picker: AreaPicker;
  testId: string;
}) {
  const { t, i18n } = useTranslation();
  const only = choice.roots.length === 1 ? choice.roots[0] : undefined;
  if (only && isNameOnly(only, choice.area)) {
    return (
      <Typography.Text strong data-testid={testId}>
        {choice.detail ? areaName(choice.detail, i18n.language) : only.name}
      </Typography.Text>
    );
  }
  return (
    <div style={{ minWidth }}>
      <AreaTreeSelect
        roots={choice.roots}
        value={choice.area}
        onChange={(code) => code && choice.setArea(code)}
        isClearable={false}
        placeholder={t(placeholder)}
        testId={testId}
      />
    </div>
  );
}
