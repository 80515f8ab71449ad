import { CERTIFICATE_KIND_LABELS, labelsIn } from '@cc/contracts';

/**
 * Certificates: the public check at /verify/<code> and 证明管理 for staff. zh-CN first; English
 * mirrors the same keys.
 */
export const zhCNCertificates = {
  nav: '证明管理',
  actions: '操作',
  revoke: '撤销',
  revokeTitle: '撤销证明',
  revokeHelp: '撤销后，任何人扫码验证都会看到“已撤销”。撤销不能恢复。',
  reason: '撤销原因',
  reasonRequired: '请填写撤销原因',
  revoked: '证明已撤销',
  status: { valid: '有效', revoked: '已撤销' },
  fields: {
    code: '验证码',
    title: '证明名称',
    kind: '类别',
    holder: '持证人',
    issuer: '出具单位',
    issuedAt: '出具日期',
    status: '状态',
    area: '区域',
  },
  // every kind the platform issues (contracts: the catalogue's test checks the list)
  kinds: labelsIn(CERTIFICATE_KIND_LABELS, 'zh'),
  verify: {
    heading: '证明验证',
    genuine: '真实有效',
    genuineExplain: '这份证明由本平台出具，内容未被改动，目前有效。',
    revoked: '已撤销',
    revokedExplain: '这份证明由本平台出具，但已被出具单位撤销，不再有效。',
    notGenuine: '无法验证',
    notGenuineExplain: '没有与此验证码相符的证明。请核对验证码，或向出具单位确认。',
    another: '验证其他证明：输入证明上的验证码',
    codeRequired: '请输入验证码',
    check: '验证',
  },
};
