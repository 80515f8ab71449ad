/**
 * The departments' indicators on the dashboards and boards (部门指标): the section of the
 * dashboard, a fed indicator's tile and its history, and the jump into a department's special
 * apps (专业系统). zh-CN first; English mirrors the same keys.
 */
export const zhCNDeptIndicators = {
  title: '部门指标',
  intro: '各委办局实时汇入的指标，按分组显示；点击指标查看历史曲线和下级区域的交叉比对。',
  wallTitle: '部门指标 · {{groups}}',
  noFeed: '暂无数据接入',
  noFeedTip: '{{department}}尚未推送该指标的数据',
  department: '来源：{{department}}',
  alerts: '{{count}} 项预警',
  empty: '该区域层级没有部门指标',
  open: '查看 {{name}} 的历史和交叉比对',
  drawer: {
    title: '{{name}} · {{area}}',
    value: '当前值',
    source: '数据来源',
    definition: '口径',
    thresholds: '阈值',
    noThresholds: '未设阈值',
    history: '历史曲线',
    historyEmpty: '所选时间范围内没有该指标的数据',
    historyHour: '按小时',
    historyDay: '按天',
    compare: '交叉比对',
  },
  apps: {
    label: '专业系统',
    open: '在新窗口打开 {{name}}（单点登录）',
  },
};
