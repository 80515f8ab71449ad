import type { zhCNBaseMap } from './base-map';

export const enBaseMap: typeof zhCNBaseMap = {
  sourceTitle: 'Base map source',
};
