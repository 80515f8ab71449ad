import { defineEvent } from '../../platform/events.js';

/** The level of a key region (重点地区): it sets how long a home observation lasts. */
export type KeyRegionLevel = 'high' | 'medium';

/**
 * A declaration stored whose origin and arrival date fall in a key region's listing: the
 * observations module opens a home health observation in the same transaction. The person's
 * name and phone travel in plain text, in memory only: the subscriber seals its own copy.
 */
export interface KeyRegionArrival {
  declarationId: string;
  committeeCode: string;
  committeePath: string;
  /** the compound's path (where the person stays) */
  areaPath: string;
  roomId: string;
  /** building, unit and room as people say it (一号楼 2单元 301) */
  roomLabel: string;
  personName: string;
  /** 11 digits: the SMS check-in links go here */
  phone: string;
  region: { code: string; name: string; level: KeyRegionLevel };
  /** YYYY-MM-DD (Shanghai) */
  arrivalDate: string;
  /** the account that declared (a resident for a guest), or null from the public form */
  declaredBy: string | null;
}

export const keyRegionArrival = defineEvent<KeyRegionArrival>('declarations.keyRegionArrival');

/**
 * Staff marked a declaration as a duplicate of another (in the review's transaction): the
 * observations module ends the observation it opened, if one is still going.
 */
export interface DeclarationMarkedDuplicate {
  declarationId: string;
  duplicateOf: string;
  /** the staff account that decided */
  by: string;
  /** the review's note ('' when none) */
  note: string;
}

export const declarationMarkedDuplicate = defineEvent<DeclarationMarkedDuplicate>(
  'declarations.markedDuplicate',
);
