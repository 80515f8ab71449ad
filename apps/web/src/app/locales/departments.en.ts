import { DEPARTMENT_GRANT_LABELS, labelsIn } from '@cc/contracts';
import type { zhCNDepartments } from './departments';

export const enDepartments: typeof zhCNDepartments = {
  nav: 'Departments',
  grants: labelsIn(DEPARTMENT_GRANT_LABELS, 'en'),
  title: 'Departments',
  intro:
    "The departments' systems that send data to the platform, such as the 12345 Citizen Service Hotline. Each holds one API key and may send only what it is granted; a key is shown once, when it is added or rotated, and only its hash is kept. A disabled department's sending is refused; enabled again, its key works again. Every change is audited.",
  empty: 'No departments yet',
  create: 'Add department',
  createTitle: 'Add a department',
  editTitle: 'Edit {{name}}',
  edit: 'Edit',
  submitCreate: 'Add and issue a key',
  submitEdit: 'Save',
  saved: 'Saved {{name}}',
  columns: {
    code: 'Code',
    name: 'Name',
    grants: 'Grants',
    key: 'API key',
    state: 'State',
    createdAt: 'Added',
    actions: 'Actions',
  },
  noGrants: 'No grants',
  noKey: 'None issued',
  issuedAt: 'issued {{at}}',
  state: { enabled: 'Enabled', disabled: 'Disabled' },
  fields: {
    code: 'Code',
    codeHelp:
      'A lower-case letter, then 1–39 lower-case letters, digits or -, e.g. hotline-12345; it cannot change once added',
    name: 'Name (Chinese)',
    nameEn: 'Name (English)',
    grants: 'May send',
    grantsHelp: 'What it is not granted is refused, even with the right key',
  },
  rules: {
    codeRequired: 'Enter a code',
    codeShape: 'A lower-case letter, then 1–39 lower-case letters, digits or -',
    nameRequired: 'Enter the Chinese name',
    nameEnRequired: 'Enter the English name',
  },
  rotate: 'Rotate key',
  rotateTitle: "Rotate {{name}}'s API key",
  rotateConfirm:
    'The new key is shown once. The old key stops at once: the system must switch to the new key now, or what it sends is refused.',
  enable: 'Enable',
  enableTitle: 'Enable {{name}}?',
  enableConfirm: 'Once enabled, it may send what it is granted with its present key.',
  enabled: 'Enabled {{name}}',
  disable: 'Disable',
  disableTitle: 'Disable {{name}}?',
  disableConfirm:
    'What it sends is refused at once; its key is kept and works again when it is enabled.',
  disabled: 'Disabled {{name}}',
  key: {
    title: 'API key (shown once)',
    intro: 'The API key of "{{name}}". Give it to whoever runs its system.',
    warning: 'It cannot be shown again; if it is lost, rotate it.',
    label: 'Key',
    usage: 'It is sent in a request header:',
    done: 'I have saved it',
  },
};
