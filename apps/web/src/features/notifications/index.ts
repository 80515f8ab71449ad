export { SmsOutboxPage } from './sms-outbox-page';
