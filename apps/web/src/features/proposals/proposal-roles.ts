import { PROPOSAL_ANSWER_ROLES, PROPOSAL_VIEWER_ROLES, type Me } from '@cc/contracts';
import { hasAnyRole } from '../../lib/session';

/**
 * Who opens 议事厅 (apart from the pages, so the menu and the router read it without loading
 * them). The server checks every call.
 */
export const canOpenProposals = (me: Me) => hasAnyRole(me, PROPOSAL_VIEWER_ROLES);
export const canAnswerProposals = (me: Me) => hasAnyRole(me, PROPOSAL_ANSWER_ROLES);
