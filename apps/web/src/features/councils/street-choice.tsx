import type { AreaDetail, Role } from '@cc/contracts';
import { Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { AreaTreeSelect } from '../../components/area-tree-select';
import { areasApi, useRequest } from '../../lib/api';
import { areaName } from '../../lib/format';
import { scopeRoots, useMe, type ScopeRoot } from '../../lib/session';

export interface AreaChoice {
  /** where the reader's work reaches (their bindings of `roles`) */
  roots: ScopeRoot[];
  /** the area shown: `?area=` when given, else their first area of `preferLevel`, else the first */
  area: string | undefined;
  setArea: (code: string) => void;
  /** the area's record (name, level) once loaded */
  detail: AreaDetail['area'] | undefined;
}

/** The area a 街区共治 page works on (a street, for blocks), kept in the address (`?area=`). */
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

/** The area picker: a tree from the reader's areas (their one area's name when it is all). */
export function AreaChoiceSelect({ choice, testId }: { choice: AreaChoice; testId: string }) {
  const { t, i18n } = useTranslation();
  const only = choice.roots.length === 1 && choice.roots[0]?.code === choice.area;
  if (only && choice.roots[0]?.level !== 'city' && choice.roots[0]?.level !== 'district') {
    return (
      <Typography.Text strong data-testid={testId}>
        {choice.detail ? areaName(choice.detail, i18n.language) : choice.roots[0]?.name}
      </Typography.Text>
    );
  }
  return (
    <div style={{ minWidth: 260 }}>
      <AreaTreeSelect
        roots={choice.roots}
        value={choice.area}
        onChange={(code) => code && choice.setArea(code)}
        isClearable={false}
        placeholder={t('councils.area')}
        testId={testId}
      />
    </div>
  );
}
