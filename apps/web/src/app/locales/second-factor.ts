/**
 * The second factor (动态口令, TOTP): enrolment with a QR code, recovery codes, sign-in with a
 * recovery code, the personal settings page and the administrator's reset. zh-CN first.
 */
export const zhCNSecondFactor = {
  qrHint: '用身份验证器扫描二维码；无法扫描时，手动输入下面的密钥。',
  qrAlt: '动态口令二维码',
  confirm: '开启动态口令',
  codes: {
    title: '恢复码',
    intro:
      '手机丢失或无法使用身份验证器时，可用一个恢复码代替动态验证码登录。每个恢复码只能使用一次，且只显示这一次：请下载、打印或抄写，保存在安全的地方。',
    copy: '复制全部',
    copied: '恢复码已复制',
    copyFailed: '无法复制，请手动抄写或下载',
    download: '下载 .txt',
    fileTitle: '社区云 · 动态口令恢复码',
    fileAccount: '账号：{{username}}',
    fileMade: '生成时间：{{at}}',
    fileRule: '每个恢复码只能使用一次。',
    saved: '我已保存',
  },
  login: {
    useRecovery: '使用恢复码',
    useCode: '使用动态验证码',
    recovery: '恢复码',
    recoveryRule: '恢复码为 10 位字母或数字，如 7k3qm-x9d2p',
    codesLeft:
      '您已用一个恢复码登录，还剩 {{count}} 个。请在“动态口令”页面重新生成恢复码；手机丢失请联系管理员重置动态口令。',
  },
  settings: {
    title: '动态口令（两步验证）',
    menu: '动态口令',
    on: '已开启',
    off: '未开启',
    since: '开启于 {{at}}',
    required: '您的角色要求使用动态口令登录。',
    optional: '开启后，登录时除密码外还需输入身份验证器上的 6 位动态验证码。',
    left: '未使用的恢复码：{{count}} 个',
    enable: '开启动态口令',
    enabled: '动态口令已开启',
    renew: '重新生成恢复码',
    renewIntro: '输入身份验证器上当前的动态验证码，生成一组新的恢复码；旧的恢复码随即全部失效。',
    renewSubmit: '生成新的恢复码',
    renewed: '新的恢复码已生成',
    lost: '手机丢失或更换？请联系管理员重置动态口令，然后重新绑定。',
    notStaff: '动态口令仅供工作人员账号使用；居民账号使用短信验证码登录。',
    done: '完成',
  },
  accounts: {
    totp: '动态口令',
    totpOn: '动态口令已开启',
    reset: '重置动态口令',
    resetTitle: '重置动态口令',
    resetConfirm:
      '确定重置 {{name}} 的动态口令吗？其恢复码将作废，所有登录会话立即结束；下次登录时须重新绑定身份验证器。',
    resetOk: '重置',
    resetDone: '{{name}} 的动态口令已重置',
  },
};
