import { FIGURES_MAX_PER_REQUEST } from '@cc/contracts';

/**
 * 指标目录: the indicators the departments feed — owner, unit, rules, thresholds, levels, last
 * figure — kept by the city's administrators, and how a department pushes figures. zh-CN first;
 * English mirrors the same keys.
 */
export const zhCNIndicators = {
  nav: '指标目录',
  title: '指标目录',
  intro:
    '各委办局实时汇入的指标：由哪个部门推送、单位、上级区域如何汇总、一段时间如何取值、阈值和适用的区域层级。看板和专题按这里的规则计算和着色；市级系统管理员可修改名称、口径、规则和阈值，已推送的数据不受影响。',
  search: '搜索指标名称、编号或部门',
  allGroups: '全部分组',
  count: '共 {{count}} 项',
  empty: '没有匹配的指标',
  columns: {
    indicator: '指标',
    group: '分组',
    department: '来源部门',
    unit: '单位',
    rules: '汇总规则',
    thresholds: '阈值',
    levels: '适用层级',
    lastFigure: '最近数据',
    actions: '操作',
  },
  rollup: {
    label: '上级汇总',
    sum: '合计',
    mean_population: '人口加权平均',
    max: '最大值',
    latest: '最新值',
  },
  overTime: {
    label: '时段取值',
    latest: '最新',
    sum: '合计',
    max: '最大',
    mean: '平均',
  },
  direction: {
    label: '方向',
    higher: '越高越好',
    lower: '越低越好',
    neutral: '不评价',
  },
  rulesText: '上级{{rollup}} · 时段{{overTime}}',
  thresholdsText: '绿 {{green}} · 红 {{red}}',
  noThresholds: '未设阈值',
  target: '目标 {{value}}',
  noFeed: '暂无数据接入',
  edit: '编辑',
  editTitle: '编辑指标：{{name}}',
  submit: '保存',
  saved: '已保存 {{name}}',
  readOnly: '只有市级系统管理员可修改指标目录。',
  fields: {
    name: '中文名称',
    nameEn: '英文名称',
    definition: '中文口径',
    definitionEn: '英文口径',
    rollup: '上级区域汇总',
    rollupHelp: '区域没有本级数据时，由下级区域的数据按此规则汇总',
    overTime: '时段取值',
    overTimeHelp: '一段时间内的多条数据按此规则取值',
    direction: '评价方向',
    target: '目标值',
    targetHelp: '选填',
    hasThresholds: '设置阈值',
    green: '绿色阈值',
    red: '红色阈值',
    thresholdsHelp:
      '越低越好：不超过绿色阈值为达标，超过红色阈值为告警，之间为预警；越高越好则相反',
    levels: '适用层级',
    levelsHelp: '至少选择一级；不在这些层级的区域不显示该指标',
  },
  rules: {
    required: '请填写{{label}}',
    thresholdsOrder: '越低越好时绿色阈值不能高于红色阈值，越高越好时不能低于红色阈值',
    levels: '请至少选择一个层级',
  },
  push: {
    title: '数据推送接口',
    intro: `委办局系统用自己的接口密钥（在“委办局”中签发，须有“推送本部门指标数据”授权）推送数据，每次最多 ${FIGURES_MAX_PER_REQUEST.toLocaleString('zh-CN')} 条；整批校验，要么全部保存、要么一条也不保存。同一指标、区域和时间再次推送时以新值为准，旧值留作历史。`,
    body: '请求体各字段',
    fields: {
      indicator: '指标编号（见下表）',
      area: '12 位区划代码，须是该指标适用层级的区域',
      at: '数据时间（ISO 8601，带时区），不能晚于当前时间 10 分钟以上',
      value: '数值',
      unit: '单位，须与该指标的单位一致（中文或英文写法）',
    },
  },
};
