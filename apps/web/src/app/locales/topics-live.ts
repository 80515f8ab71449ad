/** 专题 fed live by 社区通: the live mark, the stream's state, the origins of arrivals. zh-CN first. */
export const zhCNTopicsLive = {
  live: '实时',
  fedTitle: '由社区通实时汇入（申报、居家观察、健康打卡、志愿服务），不经导入',
  fedEmpty: '实时汇入 · 暂无数据',
  stream: {
    off: '历史区间，非实时',
    connecting: '正在连接实时数据…',
    retrying: '实时连接中断，正在重连…',
    open: '实时 · 有新申报时自动刷新',
    last: '实时 · 最近更新 {{time}}',
  },
  fedNote:
    '来沪申报、居家观察、健康打卡和志愿服务等指标由社区通实时汇入，无需导入；其余指标来自各部门的每日数据。',
  origins: {
    title: '来沪人员来源地（前 10 位）',
    empty: '所选时间范围内暂无申报',
    origin: '来源地',
    count: '人数',
    hidden: '少于 5 人不显示具体人数；为防止推算，必要时另隐去一项（*）。',
  },
};
