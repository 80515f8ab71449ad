import { labelsIn, SSO_CLAIM_LABELS } from '@cc/contracts';

/**
 * One sign-on (一键跳转登录): 专业系统 for every staff member, 接入系统 for administrators, and
 * the sign-in / consent page a department system sends its users to. zh-CN first; English
 * mirrors the same keys.
 */
export const zhCNSso = {
  nav: { systems: '专业系统', clients: '接入系统' },
  // what a department system may be given besides the account's identifier (contracts)
  claims: labelsIn(SSO_CLAIM_LABELS, 'zh'),
  systems: {
    title: '专业系统',
    intro: '点击即以当前账号进入各委办局的专业系统，无需再次登录。',
    empty: '您的角色暂无可用的专业系统',
    search: '搜索系统或部门',
    noMatch: '没有与“{{q}}”相符的系统',
    openNew: '新窗口打开',
  },
  clients: {
    title: '接入系统',
    intro:
      '登记接入统一登录的委办局专业系统：回调地址、哪些角色可以使用、可以获得哪些信息。每次修改都记入审计日志。',
    empty: '尚未登记接入系统',
    create: '登记系统',
    createTitle: '登记接入系统',
    editTitle: '编辑 {{name}}',
    edit: '编辑',
    submitCreate: '登记',
    submitEdit: '保存',
    created: '已登记 {{name}}',
    saved: '已保存 {{name}}',
    columns: {
      name: '系统名称',
      department: '所属部门',
      clientId: '客户端标识',
      roles: '可用角色',
      claims: '可获信息',
      redirectUris: '回调地址',
      state: '状态',
      actions: '操作',
    },
    state: { enabled: '启用', disabled: '停用' },
    subjectOnly: '仅账号标识',
    fields: {
      name: '系统名称',
      department: '所属部门',
      departmentHelp: '运行该系统的部门，如 民政局、公安局',
      logoUrl: '图标地址',
      logoUrlHelp: '可不填：不填时显示部门颜色的首字。外站图片受本站安全策略限制，建议用本站路径',
      redirectUris: '回调地址（redirect_uri）',
      redirectUrisHelp:
        '授权码只会发往这些地址，须完全一致；https 地址（本机调试可用 http://localhost）',
      postLogoutRedirectUris: '退出后返回地址',
      postLogoutRedirectUrisHelp: '该系统发起退出后，可以返回的地址（可不填）',
      initiateLoginUri: '登录发起地址',
      initiateLoginUriHelp: '在“专业系统”中点击时打开的地址（第三方发起登录）',
      backchannelLogoutUri: '后台注销通知地址',
      backchannelLogoutUriHelp: '用户退出本平台或账号被停用时，通知该系统注销（可不填）',
      allowedRoles: '可用角色',
      allowedRolesHelp: '持有这些角色的人员能在“专业系统”中看到并登录它',
      allowedClaims: '可获信息',
      allowedClaimsHelp:
        '除账号标识外，该系统可以获得的信息；手机号码属于个人信息，每次提供都记入审计',
      addUri: '添加地址',
      removeUri: '删除此地址',
    },
    rules: {
      nameRequired: '请填写系统名称',
      departmentRequired: '请填写所属部门',
      uriRequired: '请填写地址',
      uriShape:
        '须为完整的 https 地址（本机调试可用 http://localhost 或 http://127.0.0.1），不能包含 #',
      logoShape: '填写本站路径（/ 开头）或 https 地址',
      redirectRequired: '至少填写一个回调地址',
      rolesRequired: '至少选择一个角色',
    },
    secret: {
      title: '系统密钥',
      intro: '请把以下客户端标识与客户端密钥交给 {{name}} 的管理员，配置到该系统中。',
      warning:
        '密钥只显示这一次：关闭后任何人都无法再查看。遗失时只能轮换密钥，旧密钥随即失效。请勿通过聊天工具明文发送。',
      clientId: '客户端标识',
      clientSecret: '客户端密钥',
      done: '我已保存',
    },
    rotate: '轮换密钥',
    rotateTitle: '轮换 {{name}} 的密钥？',
    rotateConfirm: '新密钥生成后旧密钥立即失效：该系统换上新密钥之前，用户无法登录它。',
    disable: '停用',
    enable: '启用',
    disableTitle: '停用 {{name}}？',
    disableConfirm: '停用后，用户无法再登录该系统，已经发出的登录凭证随即作废。可以随时重新启用。',
    enableTitle: '启用 {{name}}？',
    enableConfirm: '启用后，持有可用角色的人员将在“专业系统”中看到并可以登录它。',
    disabled: '已停用 {{name}}',
    enabled: '已启用 {{name}}',
  },
  interaction: {
    signInTo: '登录以进入 {{department}} {{name}}',
    deniedTitle: '您的角色无权使用该系统',
    deniedExplain:
      '{{department}} {{name}} 只对部分角色开放。如需使用，请联系系统管理员为您的账号添加相应角色。',
    back: '返回',
    switchAccount: '换个账号登录',
    signedInAs: '当前账号：{{name}}',
    consentTitle: '{{name}} 请求使用您的社区云账号登录',
    consentIntro: '同意后，{{department}} {{name}} 将获得：',
    subject: '您的账号标识（不含其他个人信息）',
    phoneNotice: '手机号码属于个人信息：每次提供都会记入审计日志。',
    confirm: '同意并进入',
    cancel: '取消',
    entering: '正在进入 {{name}}…',
    expiredTitle: '登录请求已过期',
    expiredExplain: '这次登录请求已失效（等待过久或已经用过）。请回到专业系统重新打开该系统。',
    failedTitle: '暂时无法完成登录',
    backToSystems: '返回专业系统',
  },
};
