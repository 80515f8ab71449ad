/**
 * Contracts shared by the server and the web app: one TypeBox schema per contract,
 * used for request validation, response serialisation and the OpenAPI document.
 */
export * from './errors.js';
export * from './masking.js';
export * from './areas.js';
export * from './base-map.js';
export * from './identity.js';
export * from './otp.js';
export * from './audit.js';
export * from './media.js';
export * from './cases.js';
export * from './dashboards.js';
export * from './topics.js';
export * from './registry.js';
export * from './registry-files.js';
export * from './registry-owners.js';
export * from './residents.js';
export * from './affairs.js';
export * from './meetings.js';
export * from './attachments.js';
export * from './notices.js';
export * from './certificates.js';
export * from './discussion.js';
export * from './moderation.js';
export * from './proposals.js';
export * from './building-groups.js';
export * from './consultations.js';
export * from './votes.js';
export * from './elevators.js';
export * from './property.js';
export * from './declarations.js';
export * from './observations.js';
export * from './daily-logs.js';
export * from './volunteers.js';
export * from './councils.js';
export * from './sso.js';
export * from './webhooks.js';
export * from './addresses.js';
export * from './departments.js';
export * from './hotline.js';
export * from './sensors.js';
export * from './indicator-feed.js';
export * from './boards.js';
