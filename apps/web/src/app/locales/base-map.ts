/** The base map under the maps (decision 026): its source line. zh-CN first; English mirrors. */
export const zhCNBaseMap = {
  sourceTitle: '底图来源',
};
