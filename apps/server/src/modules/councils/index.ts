import type { FastifyInstance } from 'fastify';
import { rekeyTable } from '../../platform/key-rotation.js';
import type { PlatformModule } from '../../platform/module.js';
import { setAttachmentAccessPolicy } from '../media/index.js';
import { registerMeetingHost } from '../meetings/index.js';
import { phoneHmac } from '../registry/index.js';
import { blocksRoutes } from './blocks.routes.js';
import { COUNCIL_HOST, councilMeetingHost } from './council-meetings.js';
import { councilVoteJobHandlers } from './council-votes.jobs.js';
import { councilVotesRoutes } from './council-votes.routes.js';
import { councilsRoutes } from './councils.routes.js';
import { canReadFundReceipt, RECEIPT_OWNER } from './fund-read.js';
import { fundRoutes } from './fund.routes.js';
import { APPLICATION_FILES, canReadCouncilFile, GUIDELINE_FILES } from './guidelines.js';
import { guidelinesRoutes } from './guidelines.routes.js';
import { offersRoutes } from './offers.routes.js';
import { publicMapRoutes } from './public-map.routes.js';
import { shopsRoutes } from './shops.routes.js';

export type * from './councils.tables.js';
// the use cases the demo city (apps/server/src/demo/seed-councils.ts) makes its blocks, shops and members with
export { createBlock } from './blocks.js';
export { registerShop, verifyShop } from './shops.js';
export { createCouncil } from './councils.js';
export { addCouncilMember, joinCouncil, putRepresentative } from './council-members.js';

/** Under a new data key: shops' contact names and phones encrypted again, the phones' keyed hashes made again. */
const rekeyShops = rekeyTable(
  'shops',
  ['contact_name_enc', 'contact_phone_enc'],
  { contact_name_enc: 'text', contact_phone_enc: 'text', contact_phone_hmac: 'text' },
  (r, from, to) => {
    const phone = from.decrypt(r.contact_phone_enc as string);
    return {
      contact_name_enc: to.encrypt(from.decrypt(r.contact_name_enc as string)),
      contact_phone_enc: to.encrypt(phone),
      contact_phone_hmac: phoneHmac(to, phone),
    };
  },
);

async function councilRoutes(app: FastifyInstance): Promise<void> {
  await blocksRoutes(app);
  await shopsRoutes(app);
  await councilsRoutes(app);
  await councilVotesRoutes(app);
  await fundRoutes(app);
  await guidelinesRoutes(app);
  await offersRoutes(app);
  await publicMapRoutes(app);
}

/**
 * Block co-governance (街区共治, "1 + 3 + X", decision 022): blocks drawn over a street; shops
 * with their unified social credit code; councils of member organisations and their
 * representatives; elections and motions, one member one vote, ballots in a hash chain; the
 * shared fund in fen, append-only and hash-chained, expenses approved by N directors;
 * guidelines with expert reviewers and members' applications; offers and needs matched into
 * projects, and the public map of rest areas (爱心休息区).
 */
export const manifest: PlatformModule = {
  name: 'councils',
  routes: councilRoutes,
  rekeyers: { shops: rekeyShops },
  jobs: councilVoteJobHandlers,
  start: async () => {
    // council meetings: its staff, chair and secretary run them, its representatives attend
    registerMeetingHost(COUNCIL_HOST, councilMeetingHost);
    // a guideline's documents, an application's photos and design: its council's readers and
    // the guideline's reviewers read them
    setAttachmentAccessPolicy(GUIDELINE_FILES, canReadCouncilFile);
    setAttachmentAccessPolicy(APPLICATION_FILES, canReadCouncilFile);
    // an expense's receipts: the council's readers (its members' representatives, the staff)
    setAttachmentAccessPolicy(RECEIPT_OWNER, canReadFundReceipt);
  },
};
// the demo city's fund, guideline, applications, offers and projects (seed-councils.ts)
export { decideExpense, recordFundEntry } from './fund-ledger.js';
// what an entry's hash covers (bench/council-fund.bench.ts fills a ledger in bulk with it)
export { fundChainPayload } from './fund-ledger.js';
export { createGuideline } from './guidelines.js';
export { applyUnderGuideline } from './applications.js';
export { reviewApplication } from './expert-reviews.js';
export { createOffer } from './offers.js';
export { matchIntoProject } from './council-projects.js';
// the demo city's elections, motions and council meetings, through the same use cases
export {
  createCouncilVote,
  openCouncilVote,
  closeCouncilVote,
  publishCouncilVote,
} from './council-votes.js';
export { castCouncilBallot } from './council-ballots.js';
export { scheduleCouncilMeeting } from './council-meetings.js';
