/**
 * 街区共治 (block co-governance) for staff. Its pages load on demand through `councilRoutes`
 * (blocks and councils of a street, a council with its members, votes, fund, guidelines and
 * offers; the shops; 我的评审) and its menu group is `councilsMenuGroup`. What other features
 * (the phone pages) use stays small: the API calls, money in fen and yuan, the role checks,
 * the labels of the contracts in the reader's language, the check of a hash chain.
 */
export { councilRoutes } from './councils-routes';
export { councilsMenuGroup } from './councils-nav';
export * as councilsApi from './councils-api';
export { FEN_MAX, fenToYuanText, formatFen, parseYuan } from './money';
export { canOpenCouncils, canOpenReviews, canOpenShops } from './council-roles';
export { useLabel } from './council-format';
export { ChainCheckAlert } from './chain-check';
