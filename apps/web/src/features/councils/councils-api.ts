import type {
  AccountPick,
  AddCouncilMemberBody,
  Application,
  ApplicationList,
  ApplyBody,
  Block,
  BlockList,
  CorrectFundEntryBody,
  Council,
  CouncilBallotBody,
  CouncilBallotReceipt,
  CouncilList,
  CouncilMember,
  CouncilMemberList,
  CouncilProject,
  CouncilProjectList,
  CouncilRole,
  CouncilVote,
  CouncilVoteChain,
  CouncilVoteList,
  CreateBlockBody,
  CreateCouncilBody,
  CreateCouncilVoteBody,
  CreateGuidelineBody,
  CreateOfferBody,
  DecideExpenseBody,
  ExpertReviewBody,
  FundChainCheck,
  FundEntry,
  FundEntryKind,
  FundEntryList,
  FundTotals,
  Guideline,
  GuidelineList,
  MatchBody,
  MeetingDetail,
  MeetingList,
  Offer,
  OfferList,
  ProjectStatusBody,
  PublicMap,
  RecordFundEntryBody,
  RegisterShopBody,
  ScheduleCouncilMeetingBody,
  Shop,
  ShopList,
  UpdateBlockBody,
  VerifyShopBody,
  VoteRulePreset,
} from '@cc/contracts';
import { api, buildUrl } from '../../lib/api';

/**
 * Every call of the councils module (街区共治; contracts: packages/contracts/src/councils.ts),
 * for the staff console and the phone pages alike: it imports nothing but the contracts and
 * the API client.
 */
const at = (path: string, id: string) => `${path}/${encodeURIComponent(id)}`;
const council = (id: string) => at('/api/councils', id);

// ---- blocks (街区) ----

export const listBlocks = (street: string, signal?: AbortSignal) =>
  api.get<BlockList>('/api/blocks', { street }, signal);
export const getBlock = (id: string, signal?: AbortSignal) =>
  api.get<Block>(at('/api/blocks', id), undefined, signal);
export const createBlock = (body: CreateBlockBody) => api.post<Block>('/api/blocks', body);
export const updateBlock = (id: string, body: UpdateBlockBody) =>
  api.put<Block>(at('/api/blocks', id), body);

// ---- shops (商户) ----

export interface ShopQuery {
  /** a street or committee (staff); omitted: the reader's own shops */
  area?: string;
  q?: string;
  /** staff: only the shops not verified yet */
  unverified?: boolean;
  cursor?: string;
  limit?: number;
}
export const listShops = (query: ShopQuery, signal?: AbortSignal) =>
  api.get<ShopList>('/api/shops', { limit: 20, ...query }, signal);
export const getShop = (id: string, signal?: AbortSignal) =>
  api.get<Shop>(at('/api/shops', id), undefined, signal);
export const registerShop = (body: RegisterShopBody) => api.post<Shop>('/api/shops', body);
/** Staff reaching the shop: it is verified; with `accountId` it goes to that account (null: none). */
export const verifyShop = (id: string, body: VerifyShopBody) =>
  api.post<Shop>(`${at('/api/shops', id)}/verify`, body);
/** Staff reaching the shop: the account that holds a mobile, to give the shop to (404: none). */
export const pickShopAccount = (shopId: string, phone: string, signal?: AbortSignal) =>
  api.get<AccountPick>(`${at('/api/shops', shopId)}/account-pick`, { phone }, signal);

// ---- councils, members, representatives ----

/** Staff: the councils of a street or a block; neither: the councils the reader belongs to. */
export const listCouncils = (query: { street?: string; block?: string }, signal?: AbortSignal) =>
  api.get<CouncilList>('/api/councils', { ...query }, signal);
export const getCouncil = (id: string, signal?: AbortSignal) =>
  api.get<Council>(council(id), undefined, signal);
export const createCouncil = (body: CreateCouncilBody) => api.post<Council>('/api/councils', body);
export const listMembers = (id: string, signal?: AbortSignal) =>
  api.get<CouncilMemberList>(`${council(id)}/members`, undefined, signal);
export const addMember = (id: string, body: AddCouncilMemberBody) =>
  api.post<CouncilMember>(`${council(id)}/members`, body);
/** A shop's own account joins an alliance of its block. */
export const joinCouncil = (id: string, shopId: string) =>
  api.post<CouncilMember>(`${council(id)}/join`, { shopId });
export const setRepresentativeRole = (id: string, accountId: string, role: CouncilRole) =>
  api.put<CouncilMember>(`${council(id)}/representatives/${encodeURIComponent(accountId)}`, {
    role,
  });
export const removeMember = (id: string, memberId: string) =>
  api.delete<unknown>(`${council(id)}/members/${encodeURIComponent(memberId)}`);
/** An account by its mobile number, to add as a representative or a reviewer (404: none). */
export const pickAccount = (id: string, phone: string, signal?: AbortSignal) =>
  api.get<AccountPick>(`${council(id)}/account-pick`, { phone }, signal);

// ---- elections and motions ----

/** The vote engine's rule presets; a motion takes a `weighing: 'members'` one. */
export const listVoteRules = (signal?: AbortSignal) =>
  api.get<VoteRulePreset[]>('/api/votes/rules', undefined, signal);
export const listCouncilVotes = (id: string, signal?: AbortSignal) =>
  api.get<CouncilVoteList>(`${council(id)}/votes`, undefined, signal);
export const createCouncilVote = (id: string, body: CreateCouncilVoteBody) =>
  api.post<CouncilVote>(`${council(id)}/votes`, body);
const cvote = (id: string) => at('/api/council-votes', id);
export const getCouncilVote = (id: string, signal?: AbortSignal) =>
  api.get<CouncilVote>(cvote(id), undefined, signal);
export type CouncilVoteStep = 'open' | 'close' | 'publish' | 'cancel';
export const stepCouncilVote = (id: string, step: CouncilVoteStep) =>
  api.post<CouncilVote>(`${cvote(id)}/${step}`, {});
export const castCouncilBallot = (id: string, body: CouncilBallotBody) =>
  api.post<CouncilBallotReceipt>(`${cvote(id)}/ballot`, body);

export const getCouncilVoteChain = (id: string, signal?: AbortSignal) =>
  api.get<CouncilVoteChain>(`${cvote(id)}/chain`, undefined, signal);

/** The council's meetings (the meetings module, host 'council'): a motion may name one. */
export const listCouncilMeetings = (id: string, signal?: AbortSignal) =>
  api.get<MeetingList>(`${council(id)}/meetings`, { limit: 50 }, signal);
export const scheduleCouncilMeeting = (id: string, body: ScheduleCouncilMeetingBody) =>
  api.post<MeetingDetail>(`${council(id)}/meetings`, body);

// ---- the fund ----

export const getFund = (id: string, signal?: AbortSignal) =>
  api.get<FundTotals>(`${council(id)}/fund`, undefined, signal);
export interface FundEntryFilter {
  member?: string;
  kind?: FundEntryKind;
}
export const listFundEntries = (
  id: string,
  query: FundEntryFilter & { cursor?: string; limit?: number },
  signal?: AbortSignal,
) => api.get<FundEntryList>(`${council(id)}/fund/entries`, { limit: 20, ...query }, signal);
export const recordFundEntry = (id: string, body: RecordFundEntryBody) =>
  api.post<FundEntry>(`${council(id)}/fund/entries`, body);
export const decideExpense = (id: string, seq: number, body: DecideExpenseBody) =>
  api.post<FundEntry>(`${council(id)}/fund/expenses/${seq}/decision`, body);
export const correctFundEntry = (id: string, body: CorrectFundEntryBody) =>
  api.post<FundEntry>(`${council(id)}/fund/corrections`, body);
export const verifyFund = (id: string, signal?: AbortSignal) =>
  api.get<FundChainCheck>(`${council(id)}/fund/verify`, undefined, signal);
/** The statement's address (a download: the browser sends the session cookie). */
export const fundStatementUrl = (id: string, format: 'csv' | 'pdf', member?: string) =>
  buildUrl(`${council(id)}/fund/statement.${format}`, { member });

// ---- guidelines, applications, reviews ----

export const listGuidelines = (id: string, signal?: AbortSignal) =>
  api.get<GuidelineList>(`${council(id)}/guidelines`, undefined, signal);
export const createGuideline = (id: string, body: CreateGuidelineBody) =>
  api.post<Guideline>(`${council(id)}/guidelines`, body);
export const getGuideline = (id: string, signal?: AbortSignal) =>
  api.get<Guideline>(at('/api/guidelines', id), undefined, signal);
export const listApplications = (guidelineId: string, signal?: AbortSignal) =>
  api.get<ApplicationList>(`${at('/api/guidelines', guidelineId)}/applications`, undefined, signal);
export const applyUnderGuideline = (guidelineId: string, body: ApplyBody) =>
  api.post<Application>(`${at('/api/guidelines', guidelineId)}/applications`, body);
export const getApplication = (id: string, signal?: AbortSignal) =>
  api.get<Application>(at('/api/applications', id), undefined, signal);
export const resubmitApplication = (id: string, body: ApplyBody) =>
  api.put<Application>(at('/api/applications', id), body);
export const reviewApplication = (id: string, body: ExpertReviewBody) =>
  api.post<Application>(`${at('/api/applications', id)}/reviews`, body);
export const completeApplication = (id: string) =>
  api.post<Application>(`${at('/api/applications', id)}/done`, {});
/** What waits for the reader's review (any signed-in account named a reviewer). */
export const listMyReviews = (signal?: AbortSignal) =>
  api.get<ApplicationList>('/api/reviews/mine', undefined, signal);

// ---- offers, needs, projects; the public map ----

export const listOffers = (id: string, side: 'offer' | 'need' | undefined, signal?: AbortSignal) =>
  api.get<OfferList>(`${council(id)}/offers`, { side }, signal);
export const createOffer = (id: string, body: CreateOfferBody) =>
  api.post<Offer>(`${council(id)}/offers`, body);
export const closeOffer = (offerId: string) =>
  api.post<Offer>(`${at('/api/council-offers', offerId)}/close`, {});
export const listProjects = (id: string, signal?: AbortSignal) =>
  api.get<CouncilProjectList>(`${council(id)}/projects`, undefined, signal);
export const matchProject = (id: string, body: MatchBody) =>
  api.post<CouncilProject>(`${council(id)}/projects`, body);
export const setProjectStatus = (projectId: string, body: ProjectStatusBody) =>
  api.put<CouncilProject>(`${at('/api/council-projects', projectId)}/status`, body);
/** Anyone, without signing in: a block's rest areas and projects, or those in a box. */
export const getPublicMap = (query: { block?: string; bbox?: string }, signal?: AbortSignal) =>
  api.get<PublicMap>('/api/public/councils-map', { ...query }, signal);
