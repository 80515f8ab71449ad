export { identityRoutes, SESSION_COOKIE, readSessionToken } from './identity.routes.js';
export { authenticate, loadActorByUsername } from './auth.service.js';
export { hashPassword } from './password.js';
