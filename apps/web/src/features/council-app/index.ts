/**
 * 街区共治 on the phone (/r/councils…, /r/shops…, /r/reviews) and the public map of rest
 * areas (/rest-areas, no sign-in).
 */
export { MyCouncilsPage } from './my-councils-page';
export { CouncilHomePage } from './council-home-page';
export { CouncilBallotPage } from './ballot-page';
export { CouncilFundPage } from './fund-page';
export { GuidelinePage } from './guideline-page';
export { CouncilReviewsPage } from './reviews-page';
export { ShopRegisterPage } from './shop-register-page';
export { ShopPage } from './shop-page';
export { RestAreasPage } from './rest-areas-page';
export { CouncilEntry } from './council-entry';
