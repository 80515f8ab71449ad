import type { PlatformModule } from '../../platform/module.js';

export const manifest: PlatformModule = { name: 'property' };
