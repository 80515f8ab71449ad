import { Select } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useMe } from '../../lib/session';
import { pickCommittee, staffCommittees } from './epidemic-rules';

export interface CommitteeChoice {
  committees: { code: string; name: string }[];
  /** the committee shown (undefined: the person is no committee's staff) */
  committee: string | undefined;
  setCommittee: (code: string) => void;
}

/** The committee a page works on: `?committee=` when the person works there, else their first. */
export function useCommittee(): CommitteeChoice {
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const committees = useMemo(() => staffCommittees(me), [me]);
  const committee = pickCommittee(committees, params.get('committee'));
  return {
    committees,
    committee,
    setCommittee: (code) =>
      setParams(
        (before) => {
          const next = new URLSearchParams(before);
          next.set('committee', code);
          return next;
        },
        { replace: true },
      ),
  };
}

/** A picker of the person's committees, shown only when there is more than one. */
export function CommitteeSelect({ choice }: { choice: CommitteeChoice }) {
  const { t } = useTranslation();
  if (choice.committees.length < 2) return null;
  return (
    <Select
      value={choice.committee}
      onChange={choice.setCommittee}
      style={{ minWidth: 200 }}
      aria-label={t('epidemic.committee')}
      options={choice.committees.map((c) => ({ value: c.code, label: c.name }))}
      data-testid="epidemic-committee"
    />
  );
}
