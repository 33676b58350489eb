// 授权 Grants: the grants per consumer with their expiry; revoke, renew or narrow one, always after previewing the
// change's impact (the consumer's recorded operations decided again under the proposed policy).

import { admin } from '../api.js';
import { check, field, h, message, select, show, table, when } from '../dom.js';
import { label } from '../labels.js';

const GRANTS = `query($consumer: ID) { grants(consumer: $consumer) {
  id consumer purpose fields { field access mask } rowFilters validFrom validUntil status inForce } }`;
const IMPACT = `query($change: GrantChangeInput!, $days: Int) { impact(change: $change, days: $days) {
  consumer operations
  newlyRefused { purpose operation fields requests refusedFields }
  newlyAllowed { purpose operation fields requests refusedFields } } }`;
const CHANGE = `mutation($change: GrantChangeInput!, $reason: String!) {
  changeGrant(change: $change, reason: $reason) { version createdAt author } }`;

export default {
  id: 'grants',
  title: '授权 Grants',
  authorityOnly: true,
  async render(container) {
    const all = (await admin(GRANTS, {})).grants;
    const consumers = [...new Set(all.map((grant) => grant.consumer))].sort();
    const consumer = select([['', '全部 All'], ...consumers.map((name) => [name, name])], { name: 'consumer' });
    const status = h('div', { 'aria-live': 'polite' });
    const list = h('div', { id: 'grant-list' });
    const panel = h('div', { id: 'grant-change' });
    const load = async () => {
      const grants = (await admin(GRANTS, { consumer: consumer.value || null })).grants;
      renderGrants(list, grants, (grant) => openChange(panel, grant, status, load));
    };
    consumer.addEventListener('change', () => load().catch((error) => show(status, message('error', error.message))));
    show(container,
      h('p', { class: 'hint' }, '每项变更先预览影响，再保存为新的策略版本，立即在所有实例生效。 Preview a change\'s impact, then save it as a new policy version; it takes effect at once everywhere.'),
      h('div', { class: 'bar' }, field('需求方 Consumer', consumer)),
      status, panel, list);
    renderGrants(list, all, (grant) => openChange(panel, grant, status, load));
  },
};

function renderGrants(list, grants, onChange) {
  show(list, table(`${grants.length} 项授权 grants`, [
    ['授权 Grant', (grant) => h('code', {}, grant.id)],
    ['需求方 Consumer', (grant) => grant.consumer],
    ['用途 Purpose', (grant) => h('code', {}, grant.purpose)],
    ['字段 Fields', (grant) => h('ul', { class: 'plain' }, grant.fields.map((granted) => h('li', {},
      h('code', {}, granted.field), ` ${granted.access}`, granted.mask ? ` · 脱敏 mask ${granted.mask}` : '')))],
    ['行过滤 Row filters', (grant) => grant.rowFilters.join('; ')],
    ['有效期至 Valid until', (grant) => when(grant.validUntil)],
    ['状态 Status', (grant) => [label(grant.status), ' ', grant.inForce
      ? h('span', { class: 'badge allowed' }, '生效中 In force')
      : h('span', { class: 'badge denied' }, '未生效 Not in force')]],
    ['', (grant) => h('button', { type: 'button', class: 'secondary', 'data-grant': grant.id, onclick: () => onChange(grant) },
      `变更 Change ${grant.id}`)],
  ], grants, (grant) => ({ 'data-grant': grant.id })));
}

function openChange(panel, grant, pageStatus, reload) {
  const revoke = check('撤销（立即停止） Revoke (stops at once)', { name: 'revoke' });
  const renew = h('input', { type: 'date', name: 'validUntil' });
  const removals = new Map();
  const narrowings = new Map();
  const fields = table('字段 Fields', [
    ['字段 Field', (granted) => h('code', {}, granted.field)],
    ['权限 Access', (granted) => label(granted.access)],
    ['移除 Remove', (granted) => {
      const box = check('移除 Remove', { 'data-field': granted.field, class: 'remove' });
      removals.set(granted.field, box.querySelector('input'));
      return box;
    }],
    ['仅核验 VERIFY only', (granted) => {
      if (granted.access !== 'READ') return '';
      const box = check('改为仅核验 Narrow to VERIFY', { 'data-field': granted.field, class: 'narrow' });
      narrowings.set(granted.field, box.querySelector('input'));
      return box;
    }],
  ], grant.fields);
  const days = h('input', { type: 'text', inputmode: 'numeric', name: 'days', value: '30', size: 4 });
  const impact = h('div', { id: 'impact', 'aria-live': 'polite' });
  const reason = h('input', { type: 'text', name: 'reason', size: 50 });
  const save = h('button', { type: 'button', id: 'save-change', disabled: true }, '保存变更 Save change');
  const status = h('div', { 'aria-live': 'polite' });
  let previewed = null;

  const change = () => {
    const proposed = { grantId: grant.id };
    if (revoke.querySelector('input').checked) proposed.revoke = true;
    if (renew.value) proposed.validUntil = `${renew.value}T23:59:59+08:00`;
    const removed = [...removals].filter(([, box]) => box.checked).map(([name]) => name);
    const narrowed = [...narrowings].filter(([name, box]) => box.checked && !removed.includes(name)).map(([name]) => name);
    if (removed.length) proposed.removeFields = removed;
    if (narrowed.length) proposed.verifyOnly = narrowed;
    return proposed;
  };
  // Any edit after the preview makes it stale: saving needs a preview of exactly what is saved.
  const invalidate = () => {
    previewed = null;
    save.disabled = true;
    impact.replaceChildren();
  };

  const preview = h('button', { type: 'button', id: 'preview-impact' }, '预览影响 Preview impact');
  preview.addEventListener('click', async () => {
    const proposed = change();
    if (Object.keys(proposed).length === 1) {
      show(status, message('error', '没有变更。 Nothing to change: revoke, renew, remove or narrow something.'));
      return;
    }
    status.replaceChildren();
    try {
      const result = (await admin(IMPACT, { change: proposed, days: Number(days.value) || 30 })).impact;
      renderImpact(impact, result);
      previewed = JSON.stringify(proposed);
      save.disabled = false;
    } catch (error) {
      show(status, message('error', error.message));
    }
  });
  save.addEventListener('click', async () => {
    const proposed = change();
    if (JSON.stringify(proposed) !== previewed) {
      invalidate();
      return;
    }
    if (!reason.value.trim()) {
      show(status, message('error', '请说明变更理由。 State the reason for the change.'));
      reason.focus();
      return;
    }
    save.disabled = true;
    try {
      const version = (await admin(CHANGE, { change: proposed, reason: reason.value.trim() })).changeGrant;
      panel.replaceChildren();
      show(pageStatus, message('ok', `${grant.id} 已变更，策略版本 ${version.version}。 ${grant.id} changed: policy version ${version.version}.`));
      await reload();
    } catch (error) {
      save.disabled = false;
      show(status, message('error', error.message));
    }
  });
  for (const control of [revoke.querySelector('input'), renew, days, ...removals.values(), ...narrowings.values()]) {
    control.addEventListener('change', invalidate);
  }

  show(panel, h('section', { class: 'panel', 'aria-labelledby': 'change-title' },
    h('h2', { id: 'change-title', tabindex: '-1' }, `变更授权 Change grant ${grant.id}`),
    h('p', { class: 'hint' }, `${grant.consumer} · ${grant.purpose} · 有效期至 valid until ${when(grant.validUntil)}`),
    h('div', { class: 'bar' }, revoke, field('续期至 Renew until', renew), field('回放天数 Days replayed', days)),
    fields,
    h('div', { class: 'bar' }, preview),
    impact,
    h('div', { class: 'bar' }, field('变更理由 Reason', reason), save,
      h('button', { type: 'button', class: 'secondary', onclick: () => panel.replaceChildren() }, '取消 Cancel')),
    status));
  panel.querySelector('h2').focus();
}

function renderImpact(container, impact) {
  const operations = (rows, caption, refused) => rows.length === 0
    ? h('p', {}, `${caption}: 无 none`)
    : table(caption, [
      ['用途 Purpose', (row) => h('code', {}, row.purpose || '')],
      ['操作 Operation', (row) => h('code', {}, row.operation)],
      ['字段 Fields', (row) => h('ul', { class: 'plain' }, row.fields.map((use) => h('li', {}, h('code', {}, use))))],
      ['次数 Requests', (row) => String(row.requests), { num: true }],
      refused ? ['被拒绝 Refused', (row) => (row.refusedFields.length
        ? row.refusedFields.join(', ')
        : '整个操作（用途无有效授权） The whole operation (no grant in force for the purpose)')] : null,
    ].filter(Boolean), rows);
  show(container,
    h('h3', {}, '影响预览 Impact preview'),
    h('p', { role: 'status' }, `回放 ${impact.consumer} 的 ${impact.operations} 种已记录操作。 Replayed ${impact.operations} recorded operations of ${impact.consumer}.`),
    operations(impact.newlyRefused, `新拒绝 Newly refused (${impact.newlyRefused.length})`, true),
    operations(impact.newlyAllowed, `新允许 Newly allowed (${impact.newlyAllowed.length})`, false));
}
