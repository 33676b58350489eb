// 共享申请 Share requests: the inbox by due date (overdue first in line and marked), the steward's answers
// (approve, narrow READ to VERIFY, reject with a reason) and the authority's arbitration of escalated fields.

import { admin } from '../api.js';
import { check, field, h, message, select, show, table, when } from '../dom.js';
import { label } from '../labels.js';

const INBOX = `query($statuses: [String!], $overdueOnly: Boolean) {
  shareRequestInbox(statuses: $statuses, overdueOnly: $overdueOnly) {
    id consumer purpose justification caseVolume requestedDays submittedAt grantId
    items { field requestedAccess grantedAccess source shareType status dueDate overdue decidedBy reason }
    history { at field actor action reason } } }`;
const ANSWER = `mutation($id: ID!, $answers: [FieldAnswer!]!, $reason: String) {
  answerShareRequest(id: $id, answers: $answers, reason: $reason) { id } }`;
const ARBITRATE = `mutation($id: ID!, $field: String!, $grant: Boolean!, $reason: String!) {
  arbitrateShareRequest(id: $id, field: $field, grant: $grant, reason: $reason) { id } }`;

const FILTERS = [
  ['open', '待处理 Open (pending, escalated)'],
  ['all', '全部 All'],
  ['PENDING', label('PENDING')],
  ['ESCALATED', label('ESCALATED')],
  ['APPROVED', label('APPROVED')],
  ['REJECTED', label('REJECTED')],
  ['GRANTED', label('GRANTED')],
  ['REFUSED', label('REFUSED')],
];

function statusesOf(filter) {
  if (filter === 'open') return ['PENDING', 'ESCALATED'];
  if (filter === 'all') return [];
  return [filter];
}

export default {
  id: 'inbox',
  title: '共享申请 Share requests',
  async render(container, { me }) {
    const filter = select(FILTERS, { value: 'open', name: 'status' });
    const overdueOnly = check('仅看逾期 Overdue only', { name: 'overdueOnly' });
    const status = h('div', { 'aria-live': 'polite' });
    const list = h('div', { id: 'requests' });
    const load = async () => {
      const data = await admin(INBOX, {
        statuses: statusesOf(filter.value),
        overdueOnly: overdueOnly.querySelector('input').checked,
      });
      renderRequests(list, data.shareRequestInbox, me, status, load);
    };
    const form = h('form', { class: 'bar', 'aria-label': '筛选 Filter' },
      field('状态 Status', filter), overdueOnly, h('button', { type: 'submit' }, '刷新 Refresh'));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      status.replaceChildren();
      await load().catch((error) => show(status, message('error', error.message)));
    });
    show(container,
      h('p', { class: 'hint' }, me.authority
        ? '全部提供部门的申请，按最早到期日排序；已提请仲裁的字段由主管部门裁决。 All providers\' requests by earliest due date; escalated fields are arbitrated here.'
        : `本部门（${me.stewardOf.join('、')}）数据的申请，按最早到期日排序。 Requests for your sources' fields, by earliest due date.`),
      form, status, list);
    await load();
  },
};

function renderRequests(list, requests, me, status, reload) {
  if (requests.length === 0) {
    show(list, message('note', '没有符合条件的申请。 No share requests match.'));
    return;
  }
  show(list,
    h('p', { class: 'hint', role: 'status' }, `${requests.length} 份申请 requests`),
    requests.map((request) => requestCard(request, me, status, reload)));
}

function requestCard(request, me, status, reload) {
  const overdue = request.items.some((item) => item.overdue);
  const due = request.items.map((item) => item.dueDate).sort()[0];
  const decisions = new Map();
  const answerable = (item) => item.status === 'PENDING' && me.stewardOf.includes(item.source);
  const arbitrable = (item) => item.status === 'ESCALATED' && me.authority;

  const decisionCell = (item) => {
    if (answerable(item)) {
      const options = [['', '— 未决定 Undecided'], ['approve', `批准 Approve (${item.requestedAccess})`]];
      if (item.requestedAccess === 'READ') options.push(['verify', '批准为仅核验 Approve as VERIFY only']);
      options.push(['reject', '拒绝 Reject']);
      const choice = select(options, { 'aria-label': `决定 Decision: ${item.field}`, 'data-field': item.field, class: 'decision' });
      decisions.set(item.field, choice);
      return choice;
    }
    if (arbitrable(item)) {
      const choice = select([['', '— 未裁决 Undecided'], ['grant', '准予 Grant'], ['uphold', '维持拒绝 Uphold rejection']],
        { 'aria-label': `仲裁 Arbitration: ${item.field}`, 'data-field': item.field, class: 'arbitration' });
      decisions.set(item.field, choice);
      return choice;
    }
    return '';
  };

  const items = table('字段 Fields', [
    ['字段 Field', (item) => h('code', {}, item.field)],
    ['来源 Source', (item) => item.source],
    ['申请 Requested', (item) => label(item.requestedAccess)],
    ['状态 Status', (item) => [label(item.status), item.decidedBy ? h('div', { class: 'hint' }, item.decidedBy) : null]],
    ['到期 Due', (item) => [item.dueDate, item.overdue ? [' ', h('span', { class: 'badge overdue' }, '逾期 Overdue')] : null]],
    ['授予 Granted', (item) => label(item.grantedAccess)],
    ['理由 Reason', (item) => reasonOf(item, request.history)],
    ['决定 Decision', decisionCell],
  ], request.items, (item) => ({ class: item.overdue ? 'overdue' : null, 'data-field': item.field }));

  const reason = h('textarea', { rows: 2, name: 'reason' });
  const cardStatus = h('div', { 'aria-live': 'polite' });
  const canAnswer = request.items.some(answerable);
  const canArbitrate = request.items.some(arbitrable);
  const submit = h('button', { type: 'submit' }, canArbitrate ? '提交仲裁 Submit arbitration' : '提交答复 Submit answer');
  const form = h('form', { class: 'answer' },
    field(canArbitrate ? '仲裁理由（必填） Reason (required)' : '理由（拒绝时必填） Reason (required for a rejection)', reason),
    h('div', { class: 'bar' }, submit));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const chosen = [...decisions.entries()].filter(([, choice]) => choice.value);
    if (chosen.length === 0) {
      show(cardStatus, message('error', '请至少对一个字段作出决定。 Decide on at least one field.'));
      return;
    }
    const text = reason.value.trim();
    const rejecting = chosen.some(([, choice]) => choice.value === 'reject' || choice.value === 'uphold');
    const arbitrating = chosen.some(([, choice]) => choice.classList.contains('arbitration'));
    if ((rejecting || arbitrating) && !text) {
      show(cardStatus, message('error', '拒绝或仲裁须说明理由。 A rejection or arbitration needs a reason.'));
      reason.focus();
      return;
    }
    submit.disabled = true;
    try {
      const arbitrations = chosen.filter(([, choice]) => choice.classList.contains('arbitration'));
      const answers = chosen.filter(([, choice]) => choice.classList.contains('decision'))
        .map(([fieldName, choice]) => ({
          field: fieldName,
          approve: choice.value !== 'reject',
          ...(choice.value === 'verify' ? { access: 'VERIFY' } : {}),
        }));
      if (answers.length > 0) await admin(ANSWER, { id: request.id, answers, reason: text || null });
      for (const [fieldName, choice] of arbitrations) {
        await admin(ARBITRATE, { id: request.id, field: fieldName, grant: choice.value === 'grant', reason: text });
      }
      show(status, message('ok', `申请 #${request.id} 已${canArbitrate ? '仲裁' : '答复'}。 Request #${request.id} ${canArbitrate ? 'arbitrated' : 'answered'}.`));
      await reload();
    } catch (error) {
      submit.disabled = false;
      show(cardStatus, message('error', error.message));
    }
  });

  return h('article', { class: overdue ? 'card overdue' : 'card', 'data-request': request.id, 'aria-labelledby': `request-${request.id}` },
    h('header', {},
      h('h2', { id: `request-${request.id}` }, `申请 Request #${request.id}`),
      h('span', {}, '需求方 Consumer: ', h('strong', { class: 'consumer' }, request.consumer)),
      h('span', {}, '用途 Purpose: ', h('code', {}, request.purpose)),
      h('span', {}, '提交 Submitted: ', when(request.submittedAt)),
      h('span', {}, '最早到期 Due: ', due, overdue ? [' ', h('span', { class: 'badge overdue' }, '逾期 Overdue')] : null)),
    h('p', {}, '理由 Justification: ', request.justification,
      ` · 年案件量 Cases/year ${request.caseVolume} · 期限 Days ${request.requestedDays} · 授权 Grant `, h('code', {}, request.grantId)),
    items,
    canAnswer || canArbitrate ? [form, cardStatus] : null,
    h('details', {},
      h('summary', {}, `历史 History (${request.history.length})`),
      h('ul', { class: 'plain' }, request.history.map((event) => h('li', {},
        `${when(event.at)} ${event.actor} ${event.action}${event.field ? ` ${event.field}` : ''}${event.reason ? ` — ${event.reason}` : ''}`)))));
}

/** An escalated field shows both sides to the arbiter: the steward's rejection and the consumer's escalation. */
function reasonOf(item, history) {
  if (item.status !== 'ESCALATED') return item.reason || '';
  const rejection = [...history].reverse().find((event) => event.field === item.field && event.action === 'REJECTED');
  return [
    rejection ? h('div', {}, `拒绝 Rejected (${rejection.actor}): ${rejection.reason || ''}`) : null,
    h('div', {}, `申诉 Escalated (${item.decidedBy || ''}): ${item.reason || ''}`),
  ];
}
