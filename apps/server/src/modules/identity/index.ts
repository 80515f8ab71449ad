export { identityRoutes, SESSION_COOKIE, readSessionToken } from './identity.routes.js';
export { authenticate } from './auth.service.js';
export { hashPassword } from './password.js';
