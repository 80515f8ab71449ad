import { VOLUNTEER_STAFF_ROLES, type AreaDetail } from '@cc/contracts';
import { Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { AreaTreeSelect } from '../../components/area-tree-select';
import { areasApi, useRequest } from '../../lib/api';
import { areaName } from '../../lib/format';
import { scopeRoots, useMe, type ScopeRoot } from '../../lib/session';

export interface AreaChoice {
  /** where the person's volunteer work reaches (their staff roles' areas) */
  roots: ScopeRoot[];
  /** the area shown: `?area=` when given, else their first committee, else their first area */
  area: string | undefined;
  setArea: (code: string) => void;
  /** the area's record (name, level, centre) once loaded */
  detail: AreaDetail['area'] | undefined;
  /** the area is a committee: volunteers and teams are registered there */
  isCommittee: boolean;
}

/** The area the volunteer pages work on, kept in the address (`?area=`). */
export function useAreaChoice(): AreaChoice {
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const roots = useMemo(() => scopeRoots(me, VOLUNTEER_STAFF_ROLES), [me]);
  const firstCommittee = me.roles.find(
    (b) => VOLUNTEER_STAFF_ROLES.includes(b.role) && b.areaLevel === 'committee',
  )?.areaCode;
  const area = params.get('area') || firstCommittee || roots[0]?.code;
  const detail = useRequest((signal) => areasApi.getArea(area!, signal), [area], !!area);
  const current = detail.data?.area.code === area ? detail.data?.area : undefined;
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
    detail: current,
    isCommittee: current?.level === 'committee',
  };
}

/** The area picker of the volunteer pages: a tree from the person's areas. */
export function AreaChoiceSelect({ choice }: { choice: AreaChoice }) {
  const { t, i18n } = useTranslation();
  const onlyCommittee =
    choice.roots.length === 1 && choice.roots[0]?.level === 'committee' ? choice.roots[0] : null;
  if (onlyCommittee) {
    return (
      <Typography.Text strong data-testid="volunteer-area">
        {choice.detail ? areaName(choice.detail, i18n.language) : onlyCommittee.name}
      </Typography.Text>
    );
  }
  return (
    <div style={{ minWidth: 240 }}>
      <AreaTreeSelect
        roots={choice.roots}
        value={choice.area}
        onChange={(code) => code && choice.setArea(code)}
        isClearable={false}
        placeholder={t('volunteers.area')}
        testId="volunteer-area"
      />
    </div>
  );
}
