// 策略版本 Policy versions: who changed what and why, the difference between two versions, and rollback.

import { admin } from '../api.js';
import { field, h, message, select, show, table, when } from '../dom.js';

const VERSIONS = `{ policyVersions(limit: 100) { version createdAt author reason } }`;
const DIFF = `query($from: Long!, $to: Long!) { policyDiff(from: $from, to: $to) { grantId summary } }`;
const ROLLBACK = `mutation($to: Long!, $reason: String!) { rollbackPolicy(toVersion: $to, reason: $reason) { version } }`;

export default {
  id: 'policy',
  title: '策略版本 Policy versions',
  authorityOnly: true,
  async render(container) {
    const status = h('div', { 'aria-live': 'polite' });
    const body = h('div');
    const load = async () => {
      const versions = (await admin(VERSIONS)).policyVersions;
      renderVersions(body, versions, status, load);
    };
    show(container, status, body);
    await load();
  },
};

function renderVersions(body, versions, status, reload) {
  const options = versions.map((version) => [String(version.version), `v${version.version} · ${when(version.createdAt)} · ${version.author}`]);
  const from = select(options, { name: 'from', value: options[1]?.[0] ?? options[0]?.[0] });
  const to = select(options, { name: 'to', value: options[0]?.[0] });
  const diff = h('div', { id: 'diff', 'aria-live': 'polite' });
  const compare = h('form', { class: 'bar', 'aria-label': '比较 Compare' },
    field('从 From', from), field('到 To', to), h('button', { type: 'submit' }, '比较 Compare'));
  compare.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const changes = (await admin(DIFF, { from: Number(from.value), to: Number(to.value) })).policyDiff;
      renderDiff(diff, changes, from.value, to.value);
    } catch (error) {
      show(diff, message('error', error.message));
    }
  });

  const target = select(options, { name: 'rollbackTo', value: options[1]?.[0] ?? options[0]?.[0] });
  const reason = h('input', { type: 'text', name: 'reason', size: 50 });
  const rollback = h('form', { class: 'bar', 'aria-label': '回滚 Roll back' },
    field('回滚到 Roll back to', target), field('理由 Reason', reason), h('button', { type: 'submit', class: 'danger' }, '回滚 Roll back'));
  rollback.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!reason.value.trim()) {
      show(status, message('error', '请说明回滚理由。 State the reason for the rollback.'));
      reason.focus();
      return;
    }
    try {
      const made = (await admin(ROLLBACK, { to: Number(target.value), reason: reason.value.trim() })).rollbackPolicy;
      show(status, message('ok', `已回滚到 v${target.value}，新版本 v${made.version}。 Rolled back to v${target.value} as version v${made.version}.`));
      await reload();
    } catch (error) {
      show(status, message('error', error.message));
    }
  });

  show(body,
    h('h2', {}, '比较两个版本 Compare two versions'), compare, diff,
    h('h2', {}, '回滚 Roll back'),
    h('p', { class: 'hint' }, '回滚生成一个新版本，其授权与所选版本相同；历史不会被删除。 A rollback makes a new version with the grants of the chosen one; history is kept.'),
    rollback,
    table(`版本 Versions (${versions.length})`, [
      ['版本 Version', (version) => `v${version.version}`, { num: true }],
      ['时间 Time', (version) => when(version.createdAt)],
      ['作者 Author', (version) => version.author],
      ['理由 Reason', (version) => version.reason],
    ], versions));
}

function renderDiff(container, changes, from, to) {
  if (changes.length === 0) {
    show(container, message('note', `v${from} 与 v${to} 的授权相同。 The grants of v${from} and v${to} are the same.`));
    return;
  }
  const kind = (line) => (line.startsWith('+') ? 'add' : line.startsWith('-') ? 'remove' : 'change');
  show(container,
    h('p', { role: 'status' }, `v${from} → v${to}: ${changes.length} 项授权不同 grants differ`),
    changes.map((change) => h('div', { class: 'diff', 'data-grant': change.grantId },
      h('h3', {}, change.grantId),
      h('pre', {}, change.summary.map((line) => h('span', { class: kind(line) }, `${line}\n`))))));
}
