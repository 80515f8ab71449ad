export { NoticesPage } from './notices-page';
export { NoticeReadsPage } from './notice-reads-page';
export { ResidentFeed } from './resident-feed';
export { ResidentNoticePage } from './resident-notice-page';
export { AttachmentList, AttachmentUpload } from './attachments';
export { NoticeMarkdown } from './markdown';
