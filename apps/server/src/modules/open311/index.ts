import type { PlatformModule } from '../../platform/module.js';
import { open311Routes } from './open311.routes.js';

export type * from './open311.tables.js';

export const manifest: PlatformModule = { name: 'open311', routes: open311Routes };

export { open311Routes };
export { registerOpen311Client } from './open311.service.js';
