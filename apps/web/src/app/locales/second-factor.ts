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

export const enSecondFactor: typeof zhCNSecondFactor = {
  qrHint:
    'Scan the QR code with an authenticator app, or type in the key below if you cannot scan.',
  qrAlt: 'QR code for the authenticator app',
  confirm: 'Turn on two-step sign-in',
  codes: {
    title: 'Recovery codes',
    intro:
      'If your phone is lost or the authenticator app is unavailable, one recovery code signs you in instead of the 6-digit code. Each code works once and is shown only now: download, print or write them down, and keep them somewhere safe.',
    copy: 'Copy all',
    copied: 'Recovery codes copied',
    copyFailed: 'Could not copy; write them down or download them',
    download: 'Download .txt',
    fileTitle: 'Community Cloud · two-step sign-in recovery codes',
    fileAccount: 'Account: {{username}}',
    fileMade: 'Made: {{at}}',
    fileRule: 'Each recovery code works once.',
    saved: 'I have saved them',
  },
  login: {
    useRecovery: 'Use a recovery code',
    useCode: 'Use the authenticator code',
    recovery: 'Recovery code',
    recoveryRule: 'A recovery code is 10 letters or digits, like 7k3qm-x9d2p',
    codesLeft:
      'You signed in with a recovery code; {{count}} left. Make a new set on the two-step sign-in page; if your phone is lost, ask an administrator to reset it.',
  },
  settings: {
    title: 'Two-step sign-in (TOTP)',
    menu: 'Two-step sign-in',
    on: 'On',
    off: 'Off',
    since: 'On since {{at}}',
    required: 'Your roles require two-step sign-in.',
    optional:
      'Once on, signing in asks for the 6-digit code of your authenticator app besides the password.',
    left: 'Unused recovery codes: {{count}}',
    enable: 'Turn on two-step sign-in',
    enabled: 'Two-step sign-in is on',
    renew: 'New recovery codes',
    renewIntro:
      'Enter the code your authenticator app shows now to make a new set of recovery codes; every old code stops working.',
    renewSubmit: 'Make new recovery codes',
    renewed: 'New recovery codes made',
    lost: 'Lost or changed your phone? Ask an administrator to reset two-step sign-in, then set it up again.',
    notStaff: 'Two-step sign-in is for staff accounts; residents sign in with an SMS code.',
    done: 'Done',
  },
  accounts: {
    totp: 'Two-step sign-in',
    totpOn: 'Two-step sign-in on',
    reset: 'Reset 2FA',
    resetTitle: 'Reset two-step sign-in',
    resetConfirm:
      "Reset {{name}}'s two-step sign-in? Their recovery codes stop working and all their sessions end at once; their next sign-in sets up an authenticator app again.",
    resetOk: 'Reset',
    resetDone: "{{name}}'s two-step sign-in is reset",
  },
};
