export { identityRoutes, SESSION_COOKIE, readSessionToken } from './identity.routes.js';
export { authenticate, loadActorByUsername } from './auth.service.js';
export { hashPassword } from './password.js';
export {
  accountNames,
  accountsBoundAt,
  requireActiveAccount,
  smsContacts,
  type SmsContact,
} from './directory.js';
