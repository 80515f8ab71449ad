import { DEPARTMENT_GRANT_LABELS, labelsIn } from '@cc/contracts';

/**
 * 委办局 (administrators of the city): the departments whose systems send data, their grants
 * and API keys. zh-CN first; English mirrors the same keys. The grants come from the contracts.
 */
export const zhCNDepartments = {
  nav: '委办局',
  grants: labelsIn(DEPARTMENT_GRANT_LABELS, 'zh'),
  title: '委办局',
  intro:
    '向平台推送数据的委办局系统，如 12345 市民服务热线。每个委办局持有一个接口密钥，只能推送授权的数据；密钥只在新增或更换时显示一次，平台只保存其摘要。停用后推送即被拒绝，重新启用后原密钥恢复可用。每次修改都记入审计日志。',
  empty: '尚未登记委办局',
  create: '新增委办局',
  createTitle: '新增委办局',
  editTitle: '编辑 {{name}}',
  edit: '编辑',
  submitCreate: '新增并生成密钥',
  submitEdit: '保存',
  saved: '已保存 {{name}}',
  columns: {
    code: '代码',
    name: '名称',
    grants: '授权',
    key: '接口密钥',
    state: '状态',
    createdAt: '登记时间',
    actions: '操作',
  },
  noGrants: '无授权',
  noKey: '未签发',
  issuedAt: '签发于 {{at}}',
  state: { enabled: '启用', disabled: '停用' },
  fields: {
    code: '代码',
    codeHelp: '小写字母开头，2–40 位小写字母、数字或 -，如 hotline-12345；新增后不能修改',
    name: '中文名称',
    nameEn: '英文名称',
    grants: '授权推送',
    grantsHelp: '未授权的数据，即使密钥正确也会被拒绝',
  },
  rules: {
    codeRequired: '请填写代码',
    codeShape: '小写字母开头，2–40 位小写字母、数字或 -',
    nameRequired: '请填写中文名称',
    nameEnRequired: '请填写英文名称',
  },
  rotate: '更换密钥',
  rotateTitle: '更换 {{name}} 的接口密钥',
  rotateConfirm:
    '新密钥只显示一次。更换后旧密钥立即失效：对方系统须马上换用新密钥，否则推送会被拒绝。',
  enable: '启用',
  enableTitle: '启用 {{name}}？',
  enableConfirm: '启用后，该委办局可用现有密钥继续推送授权的数据。',
  enabled: '已启用 {{name}}',
  disable: '停用',
  disableTitle: '停用 {{name}}？',
  disableConfirm: '停用后，该委办局的推送立即被拒绝；密钥保留，重新启用后恢复可用。',
  disabled: '已停用 {{name}}',
  key: {
    title: '接口密钥（仅显示一次）',
    intro: '“{{name}}”的接口密钥如下。请交给对方系统的负责人。',
    warning: '关闭后无法再次查看；遗失时只能更换密钥。',
    label: '密钥',
    usage: '推送时放在请求头中：',
    done: '我已保存',
  },
};
