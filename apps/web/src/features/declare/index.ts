// 社区通 for people: the public declaration (/d/:token) and check-in (/c/:token) pages, and the
// resident's declaration for a guest (/r/declare, /r/declare/mine).
export { DeclarePage } from './declare-page';
export { CheckInPage } from './check-in-page';
export { ResidentDeclarePage, MyDeclarationsPage } from './resident-declare-pages';
export { DeclareEntry } from './declare-entry';
