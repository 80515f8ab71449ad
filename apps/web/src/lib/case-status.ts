import type { CaseStatus } from '@cc/contracts';

/** One colour per case status, for tags, map points and the dashboards' charts alike. */
export const STATUS_COLORS: Record<CaseStatus, string> = {
  reported: '#d48806',
  dispatched: '#1677ff',
  accepted: '#13a8a8',
  in_progress: '#2f54eb',
  resolved: '#52c41a',
  closed: '#237804',
  returned: '#fa8c16',
  escalated: '#f5222d',
  reopened: '#c41d7f',
  merged: '#8c8c8c',
  rejected: '#595959',
};
