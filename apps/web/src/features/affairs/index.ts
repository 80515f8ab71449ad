export { AffairsCataloguePage, MyAffairPage, MyAffairsPage, NewAffairPage } from './resident-pages';
export { AffairsDeskPage } from './affairs-desk-page';
export { canHandleAffairs, canReadAffairs } from './affair-roles';
