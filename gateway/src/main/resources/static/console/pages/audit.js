// 审计 Audit: "who looked at this person" — every access to one subject by ID number or credit code — and, for the
// authority, the check of the audit trail's hash chain.

import { admin } from '../api.js';
import { field, h, message, show, table, when } from '../dom.js';
import { label } from '../labels.js';

const ACCESS_LOG = `query($subject: ID!, $from: DateTime, $to: DateTime) {
  accessLog(subject: $subject, from: $from, to: $to) {
    sequence at consumer purpose caseId operatorId fields verifiedFields outcome codes } }`;
const CHAIN = `{ verifyAuditChain { ok records firstBrokenAt firstBrokenSequence problem } }`;

/** The start of a day in Beijing time, as an instant. */
function dayStart(date) {
  return date ? `${date}T00:00:00+08:00` : null;
}

export default {
  id: 'audit',
  title: '审计 Audit',
  async render(container, { me }) {
    const subject = h('input', { type: 'search', name: 'subject', required: true, size: 24, placeholder: '44190019620315048X', autocomplete: 'off' });
    const from = h('input', { type: 'date', name: 'from' });
    const to = h('input', { type: 'date', name: 'to' });
    const result = h('div', { id: 'access-log', 'aria-live': 'polite' });
    const form = h('form', { class: 'bar', role: 'search' },
      field('身份证号或统一社会信用代码 ID number or credit code', subject),
      field('从 From (含 incl.)', from), field('到 To (不含 excl.)', to),
      h('button', { type: 'submit' }, '查询 Search'));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      try {
        const records = (await admin(ACCESS_LOG, {
          subject: subject.value.trim(),
          from: dayStart(from.value),
          to: dayStart(to.value),
        })).accessLog;
        renderRecords(result, records, subject.value.trim());
      } catch (error) {
        show(result, message('error', error.message));
      }
    });
    const chain = h('div', { id: 'chain', 'aria-live': 'polite' });
    const verify = h('button', { type: 'button', class: 'secondary', id: 'verify-chain' }, '校验审计链 Verify the audit chain');
    verify.addEventListener('click', async () => {
      try {
        const check = (await admin(CHAIN)).verifyAuditChain;
        show(chain, check.ok
          ? message('ok', `审计链完整：${check.records} 条记录。 The chain is intact: ${check.records} records.`)
          : message('error', `审计链在 #${check.firstBrokenSequence ?? '?'} 处断开 (${when(check.firstBrokenAt)}): ${check.problem}。 The chain breaks after ${check.records} records.`));
      } catch (error) {
        show(chain, message('error', error.message));
      }
    });
    show(container,
      h('h2', {}, '谁查看了此人 Who looked at this person'),
      h('p', { class: 'hint' }, me.authority
        ? '按主体查询所有读取与核验，最早的在前。 Every read and verification of one subject, oldest first.'
        : '仅显示使用本部门数据的记录与字段。 Only records and fields of your own sources are shown.'),
      form, result,
      me.authority ? [h('h2', {}, '审计链 Audit chain'), h('div', { class: 'bar' }, verify), chain] : null);
  },
};

function renderRecords(container, records, subject) {
  if (records.length === 0) {
    show(container, message('note', `没有关于 ${subject} 的访问记录。 No recorded access to ${subject}.`));
    return;
  }
  show(container, table(`${subject}: ${records.length} 条访问记录 records`, [
    ['时间 Time', (record) => when(record.at)],
    ['需求方 Consumer', (record) => record.consumer],
    ['用途 Purpose', (record) => h('code', {}, record.purpose || '')],
    ['案件 Case', (record) => record.caseId || ''],
    ['经办人 Operator', (record) => record.operatorId || ''],
    ['字段 Fields', (record) => h('ul', { class: 'plain' }, record.fields.map((name) => h('li', {},
      h('code', {}, name), record.verifiedFields.includes(name) ? ' (仅核验 verified only)' : '')))],
    ['结果 Outcome', (record) => [h('span', { class: `badge ${record.outcome === 'ALLOWED' ? 'allowed' : 'denied'}` }, label(record.outcome)),
      record.codes.length ? ` ${record.codes.join(', ')}` : '']],
  ], records, (record) => ({ 'data-consumer': record.consumer })));
}
