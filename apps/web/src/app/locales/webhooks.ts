import {
  labelsIn,
  WEBHOOK_DELIVERY_STATUS_LABELS,
  WEBHOOK_DISABLED_REASON_LABELS,
  WEBHOOK_EVENT_CATALOGUE,
  WEBHOOK_EVENT_LABELS,
  WEBHOOK_EVENT_TYPES,
  type WebhookEventType,
} from '@cc/contracts';

/** What each event means, in one language (the catalogue in the contracts holds both). */
export const eventAbout = (lang: 'zh' | 'en') =>
  Object.fromEntries(
    WEBHOOK_EVENT_TYPES.map((t) => [t, WEBHOOK_EVENT_CATALOGUE[t].about[lang]]),
  ) as Record<WebhookEventType, string>;

/**
 * 外部订阅 (administrators of the city): the systems told of case events by signed webhooks,
 * their secrets, and each one's delivery log. zh-CN first; English mirrors the same keys.
 * Event names, delivery statuses and why a subscriber stopped come from the contracts.
 */
export const zhCNWebhooks = {
  nav: '外部订阅',
  events: labelsIn(WEBHOOK_EVENT_LABELS, 'zh'),
  eventAbout: eventAbout('zh'),
  deliveryStatus: labelsIn(WEBHOOK_DELIVERY_STATUS_LABELS, 'zh'),
  disabledReason: labelsIn(WEBHOOK_DISABLED_REASON_LABELS, 'zh'),
  title: '外部订阅',
  intro:
    '登记需要接收工单事件的外部系统：每个事件以 HTTP 请求发到其地址，并按通用的事件推送签名规范签名，接收方可据此核验来源。失败会自动重试；持续失败的订阅会被自动停用并通知管理员。每次修改都记入审计日志。',
  empty: '尚未登记外部订阅',
  create: '新增订阅',
  createTitle: '新增外部订阅',
  editTitle: '编辑 {{name}}',
  edit: '编辑',
  submitCreate: '新增',
  submitEdit: '保存',
  saved: '已保存 {{name}}',
  columns: {
    name: '名称',
    url: '接收地址',
    events: '订阅事件',
    state: '状态',
    failures: '连续失败',
    pending: '待投递',
    updatedAt: '更新时间',
    actions: '操作',
  },
  state: { enabled: '启用', disabled: '停用' },
  failingSince: '自 {{at}} 起失败',
  lastSuccess: '最近送达 {{at}}',
  fields: {
    name: '名称',
    nameHelp: '便于识别的名称，如 区城运中心大屏、12345 工单系统',
    url: '接收地址（URL）',
    urlHelp: 'http:// 或 https:// 地址，不能是本平台自身；生产环境请使用 https',
    events: '订阅事件',
    enabled: '立即启用',
  },
  rules: {
    nameRequired: '请填写名称',
    urlRequired: '请填写接收地址',
    urlShape: '请填写 http:// 或 https:// 开头的完整地址',
    eventsRequired: '请至少选择一个事件',
  },
  rotate: '更换密钥',
  rotateTitle: '更换 {{name}} 的签名密钥',
  rotateConfirm:
    '新密钥只显示一次。选择“立即停用旧密钥”时，接收方须马上换用新密钥；选择“保留 24 小时”时，期间同时用新旧两个密钥签名，接收方可从容切换。',
  rotateNow: '立即停用旧密钥',
  rotateKeep: '旧密钥保留 24 小时',
  enable: '启用',
  enableTitle: '启用 {{name}}？',
  enableConfirm: '启用后，该订阅积压的待投递消息会立即重新发送，失败计数清零。',
  enabled: '已启用 {{name}}',
  disable: '停用',
  disableTitle: '停用 {{name}}？',
  disableConfirm: '停用后不再产生新的投递；已有的待投递消息会保留，重新启用时发送。',
  disabled: '已停用 {{name}}',
  test: '发送测试',
  testSent: '已向 {{name}} 发送测试消息，结果见投递记录',
  deliveries: '投递记录',
  secret: {
    title: '签名密钥（仅显示一次）',
    intro: '“{{name}}”的签名密钥如下。请交给接收方，用于校验 webhook-signature。',
    warning: '关闭后无法再次查看；遗失时只能更换密钥。',
    label: '密钥',
    overlap: '旧密钥在 {{until}} 前仍同时签名。',
    done: '我已保存',
  },
  log: {
    title: '投递记录 · {{name}}',
    intro: 'webhook-id 即投递编号，重试和重新投递时保持不变，接收方可据此去重。最新的在最前。',
    empty: '暂无投递记录',
    more: '加载更多',
    columns: {
      createdAt: '事件时间',
      event: '事件',
      case: '工单',
      status: '状态',
      attempts: '尝试次数',
      lastCode: '最近响应',
      lastError: '最近错误',
      lastAttemptAt: '最近尝试',
      nextAttemptAt: '下次重试',
      actions: '操作',
    },
    redeliver: '重新投递',
    redelivered: '已重新加入投递队列',
    body: '发送内容',
    disabledHint: '该订阅已停用：启用后积压的消息会自动重新发送。',
  },
};
