// 校核纠错 Corrections: suspected data errors reported by consumers; the steward of the record's source resolves them.

import { admin } from '../api.js';
import { h, message, show, table, when } from '../dom.js';
import { label } from '../labels.js';

const CORRECTIONS = `{ corrections { id reporter type key field source description status reportedAt resolvedAt resolvedBy resolution } }`;
const RESOLVE = `mutation($id: ID!, $accept: Boolean!, $note: String!) {
  resolveCorrection(id: $id, accept: $accept, note: $note) { id status } }`;

export default {
  id: 'corrections',
  title: '校核纠错 Corrections',
  async render(container, { me }) {
    const status = h('div', { 'aria-live': 'polite' });
    const list = h('div', { id: 'correction-list' });
    const load = async () => {
      const corrections = (await admin(CORRECTIONS)).corrections;
      renderCorrections(list, corrections, me, status, load);
    };
    show(container,
      h('p', { class: 'hint' }, '需求方报告的疑似数据错误；由数据所属来源的管理员处理。 Suspected errors reported by consumers, resolved by the steward of the record\'s source.'),
      status, list);
    await load();
  },
};

function renderCorrections(list, corrections, me, status, reload) {
  if (corrections.length === 0) {
    show(list, message('note', '没有纠错报告。 No correction reports.'));
    return;
  }
  const resolveCell = (correction) => {
    if (correction.status !== 'OPEN') {
      return [correction.resolution || '', correction.resolvedBy ? ` — ${correction.resolvedBy}, ${when(correction.resolvedAt)}` : ''];
    }
    if (!me.stewardOf.includes(correction.source)) return '待来源管理员处理 Awaiting the source\'s steward';
    const note = h('input', { type: 'text', name: 'note', size: 28, 'aria-label': `处理说明 Note for correction #${correction.id}` });
    const resolve = async (accept) => {
      if (!note.value.trim()) {
        show(status, message('error', '请填写处理说明。 Write a note on the fix or the reason.'));
        note.focus();
        return;
      }
      try {
        await admin(RESOLVE, { id: correction.id, accept, note: note.value.trim() });
        show(status, message('ok', `纠错 #${correction.id} 已处理。 Correction #${correction.id} resolved.`));
        await reload();
      } catch (error) {
        show(status, message('error', error.message));
      }
    };
    return h('div', { class: 'bar' }, note,
      h('button', { type: 'button', onclick: () => resolve(true) }, '采纳 Accept'),
      h('button', { type: 'button', class: 'secondary', onclick: () => resolve(false) }, '驳回 Reject'));
  };
  show(list, table(`${corrections.length} 份报告 reports`, [
    ['编号 No.', (correction) => `#${correction.id}`],
    ['记录 Record', (correction) => [correction.type, ' ', h('code', {}, correction.key)]],
    ['字段 Field', (correction) => h('code', {}, correction.field)],
    ['来源 Source', (correction) => correction.source],
    ['描述 Description', (correction) => correction.description],
    ['报告方 Reporter', (correction) => h('code', {}, correction.reporter)],
    ['报告时间 Reported', (correction) => when(correction.reportedAt)],
    ['状态 Status', (correction) => label(correction.status)],
    ['处理 Resolution', resolveCell],
  ], corrections, (correction) => ({ 'data-correction': correction.id })));
}
