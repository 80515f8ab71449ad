export { open311Routes } from './open311.routes.js';
export { registerOpen311Client } from './open311.service.js';
