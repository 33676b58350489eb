// Chinese and English labels for the codes the admin API returns; an unknown code shows as it is.

const LABELS = {
  GRANTED: '已授予 Granted',
  PENDING: '待审 Pending',
  APPROVED: '已批准 Approved',
  REJECTED: '已拒绝 Rejected',
  REFUSED: '不予共享 Refused',
  ESCALATED: '待仲裁 Escalated',
  UNCONDITIONAL: '无条件共享 Unconditional',
  CONDITIONAL: '有条件共享 Conditional',
  NOT_SHARED: '不予共享 Not shared',
  READ: '读取 READ',
  VERIFY: '核验 VERIFY',
  ALLOWED: '允许 Allowed',
  DENIED: '拒绝 Denied',
  ACTIVE: '有效 Active',
  SUSPENDED: '暂停 Suspended',
  REVOKED: '已撤销 Revoked',
  OPEN: '待处理 Open',
  ACCEPTED: '已采纳 Accepted',
  L1: 'L1 公开 Public',
  L2: 'L2 一般 General',
  L3: 'L3 敏感 Sensitive',
  L4: 'L4 核心 Core',
};

export function label(code) {
  return code ? LABELS[code] || code : '';
}

// A verification job's state (REFUSED means something else for a job than for a share request).
const JOB_STATES = {
  RUNNING: '进行中 Running',
  DONE: '已完成 Done',
  CANCELLED: '已取消 Cancelled',
  REFUSED: '已中止（授权撤回） Stopped: grant withdrawn',
  EXPIRED: '结果已删除 Results deleted',
};

export function jobState(code) {
  return code ? JOB_STATES[code] || code : '';
}
