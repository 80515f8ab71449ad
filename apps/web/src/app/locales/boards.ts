/**
 * The 2.0 boards (一网统管 2.0 专题: 防汛防台, 停电抢修) and their wall: the departments'
 * indicators beside ours, the map, the cases, the flood points with their leaders, the
 * committees affected by an outage. zh-CN first; English mirrors the same keys.
 */
export const zhCNBoards = {
  listTitle: '2.0 专题',
  title: '{{area}} · {{board}}',
  screenTitle: '{{area}}{{board}}',
  toMine: '打开我的专题',
  toDashboard: '城运看板',
  toTopics: '专题',
  indicators: '专题指标',
  apps: '相关专业系统',
  leadNote: '地图按“{{name}}”着色',
  map: { title: '态势地图', points: '积水点', cases: '在办工单' },
  points: {
    title: '积水点',
    name: '点位',
    leader: '点位长',
    unit: '责任单位',
    noLeader: '未指定',
    empty: '辖区内还没有积水点。可在“派单规则与点位”中新增类型为“积水点”的点位。',
    more: '另有 {{count}} 处',
  },
  affected: {
    title: '受影响居委会',
    committee: '居委会',
    openCases: '在办工单',
    elderlyAlone: '独居老人',
    total: '独居老人合计 {{total}} 人',
    empty: '暂无受影响的居委会',
    note: '只显示人数，不显示个人；少于 5 人显示为“<5”，为防推算必要时另隐去一项（*）。',
    more: '另有 {{count}} 个',
  },
  latest: {
    title: '最新在办工单',
    empty: '暂无在办工单',
    open: '查看',
    more: '另有 {{count}} 件',
  },
  stream: {
    off: '历史区间，非实时',
    connecting: '正在连接实时数据…',
    retrying: '实时连接中断，正在重连…',
    open: '实时 · 有新工单或新数据时自动刷新',
    last: '实时 · 最近更新 {{time}}',
  },
};
