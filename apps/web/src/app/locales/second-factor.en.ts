import type { zhCNSecondFactor } from './second-factor';

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
