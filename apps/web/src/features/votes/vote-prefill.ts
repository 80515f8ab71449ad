import type { VoteSubjectRef } from '@cc/contracts';

/**
 * What another page hands the votes page to open 发起表决 prefilled: the elevator project's
 * staircase (`/votes?subject=elevator:<id>&compound=…&building=…&unit=…&title=…`) or a fee
 * change's compound (`/votes?subject=property_fee:<id>&compound=…`).
 */
export interface VotePrefill {
  subject?: VoteSubjectRef;
  title?: string;
  electorate: {
    kind: 'unit' | 'building' | 'compound';
    compoundCode?: string;
    buildingId?: string;
    unit?: string;
  };
  /** the preset the subject usually calls for (staff may pick another) */
  rule?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SUBJECT_TYPE = /^[a-z][a-z_]{1,30}$/;
/** Altering the building (an elevator) is a major matter (民法典 art. 278 (8)); a fee is not. */
const RULE_OF_SUBJECT: Readonly<Record<string, string>> = {
  elevator: 'civil_code_major',
  property_fee: 'civil_code_ordinary',
};

/** The prefill in a URL's query, or undefined when it holds none. */
export function readPrefill(query: URLSearchParams): VotePrefill | undefined {
  const [type = '', id = ''] = (query.get('subject') ?? '').split(':');
  const subject = SUBJECT_TYPE.test(type) && UUID.test(id) ? { type, id } : undefined;
  const compoundCode = query.get('compound') || undefined;
  const buildingId = query.get('building') || undefined;
  const unit = query.get('unit') || undefined;
  const title = query.get('title')?.trim().slice(0, 80) || undefined;
  if (!subject && !compoundCode && !title) return undefined;
  const kind = buildingId && unit ? 'unit' : buildingId ? 'building' : 'compound';
  return {
    ...(subject ? { subject } : {}),
    ...(title ? { title } : {}),
    electorate: {
      kind: compoundCode ? kind : 'unit',
      ...(compoundCode ? { compoundCode } : {}),
      ...(buildingId ? { buildingId } : {}),
      ...(unit ? { unit } : {}),
    },
    ...(subject && RULE_OF_SUBJECT[subject.type] ? { rule: RULE_OF_SUBJECT[subject.type] } : {}),
  };
}
