import { labelsIn, SSO_CLAIM_LABELS } from '@cc/contracts';
import type { zhCNSso } from './sso';

export const enSso: typeof zhCNSso = {
  nav: { systems: 'Department systems', clients: 'Connected systems' },
  claims: labelsIn(SSO_CLAIM_LABELS, 'en'),
  systems: {
    title: 'Department systems',
    intro: "One click opens a department's system, signed in with this account.",
    empty: 'Your roles give you no department systems yet',
    search: 'Search systems or departments',
    noMatch: 'No system matches “{{q}}”',
    openNew: 'Open in a new window',
  },
  clients: {
    title: 'Connected systems',
    intro:
      'The department systems that sign in through this platform: where the sign-in may return, which roles may use them, what they are told. Every change is audited.',
    empty: 'No system is connected yet',
    create: 'Register a system',
    createTitle: 'Register a connected system',
    editTitle: 'Edit {{name}}',
    edit: 'Edit',
    submitCreate: 'Register',
    submitEdit: 'Save',
    created: '{{name}} is registered',
    saved: '{{name}} is saved',
    columns: {
      name: 'System',
      department: 'Department',
      clientId: 'Client ID',
      roles: 'Roles',
      claims: 'Given',
      redirectUris: 'Redirect URIs',
      state: 'State',
      actions: 'Actions',
    },
    state: { enabled: 'Enabled', disabled: 'Disabled' },
    subjectOnly: 'Account identifier only',
    fields: {
      name: 'Name',
      department: 'Department',
      departmentHelp: 'The department that runs it, e.g. Civil Affairs Bureau',
      logoUrl: 'Logo URL',
      logoUrlHelp:
        "Optional: without one, the department-coloured initial is shown. This site's security policy blocks other sites' images: prefer a path on this site",
      redirectUris: 'Redirect URIs (redirect_uri)',
      redirectUrisHelp:
        'Codes are sent only to these exact addresses; https (http://localhost for local testing)',
      postLogoutRedirectUris: 'Post-logout redirect URIs',
      postLogoutRedirectUrisHelp:
        'Where the system may return after it signs a user out (optional)',
      initiateLoginUri: 'Login initiation URI',
      initiateLoginUriHelp:
        'Opened when a user clicks the system in Department systems (third-party-initiated login)',
      backchannelLogoutUri: 'Back-channel logout URI',
      backchannelLogoutUriHelp:
        'Told to end its session when the user signs out here or the account is disabled (optional)',
      allowedRoles: 'Roles',
      allowedRolesHelp: 'Holders of these roles see it in Department systems and may sign in',
      allowedClaims: 'Given',
      allowedClaimsHelp:
        "What the system is told besides the account's identifier; every release of a mobile number is audited",
      addUri: 'Add an address',
      removeUri: 'Remove this address',
    },
    rules: {
      nameRequired: 'Give the name of the system',
      departmentRequired: 'Give the department',
      uriRequired: 'Give the address',
      uriShape:
        'A full https address (http://localhost or http://127.0.0.1 for local testing), without #',
      logoShape: 'A path on this site (starting with /) or an https address',
      redirectRequired: 'Give at least one redirect URI',
      rolesRequired: 'Choose at least one role',
    },
    secret: {
      title: 'System secret',
      intro: "Give this client ID and client secret to {{name}}'s administrator to configure it.",
      warning:
        'The secret is shown this once: once closed, nobody can see it again. If it is lost, rotate it, and the old one stops working. Do not send it in plain text over chat.',
      clientId: 'Client ID',
      clientSecret: 'Client secret',
      done: 'I have saved it',
    },
    rotate: 'Rotate secret',
    rotateTitle: "Rotate {{name}}'s secret?",
    rotateConfirm:
      'The old secret stops working at once: until the system is given the new one, nobody can sign in to it.',
    disable: 'Disable',
    enable: 'Enable',
    disableTitle: 'Disable {{name}}?',
    disableConfirm:
      'Nobody can sign in to it any more and the tokens it holds are revoked. It can be enabled again at any time.',
    enableTitle: 'Enable {{name}}?',
    enableConfirm: 'Holders of its roles will see it in Department systems and may sign in.',
    disabled: '{{name}} is disabled',
    enabled: '{{name}} is enabled',
  },
  interaction: {
    signInTo: 'Sign in to {{department}} {{name}}',
    deniedTitle: 'Your roles may not use this system',
    deniedExplain:
      '{{department}} {{name}} is open to some roles only. To use it, ask an administrator to add one to your account.',
    back: 'Back',
    switchAccount: 'Use another account',
    signedInAs: 'Signed in as {{name}}',
    consentTitle: '{{name}} asks to sign you in with your Community Cloud account',
    consentIntro: 'If you agree, {{department}} {{name}} is given:',
    subject: 'your account identifier (no other personal data)',
    phoneNotice: 'A mobile number is personal data: every release is recorded in the audit log.',
    confirm: 'Agree and continue',
    cancel: 'Cancel',
    entering: 'Opening {{name}}…',
    expiredTitle: 'This sign-in request has expired',
    expiredExplain:
      'The request is no longer valid (it waited too long or was used already). Open the system again from Department systems.',
    failedTitle: 'The sign-in cannot be completed now',
    backToSystems: 'Back to Department systems',
  },
};
