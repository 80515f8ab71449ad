import { defineEvent } from '../../platform/events.js';

/** An account was verified as living in a room (published in the approving transaction). */
export const residentVerified = defineEvent<{
  accountId: string;
  areaPath: string;
  buildingId: string;
}>('residents.residentVerified');

/** Verified links ended (a move-out in the registry, or staff revoked them). */
export const residentRevoked = defineEvent<{ accountIds: string[] }>('residents.residentRevoked');
