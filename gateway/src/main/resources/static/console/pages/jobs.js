// 核验任务 Jobs: the verification jobs consumers submitted (POST /jobs/verify), newest first, with their progress at
// each source. The authority sees every consumer's jobs and may narrow to one; a steward sees the jobs that touch its
// own sources' data (the verified type's, or a related record's its claims are about), with the progress there. No subject and no outcome is shown here: those stay with the consumer.

import { admin } from '../api.js';
import { field, h, message, select, show, table, when } from '../dom.js';
import { jobState } from '../labels.js';

const JOBS = `query($consumer: ID, $states: [VerificationJobState!], $first: Int, $after: String) {
  verificationJobs(consumer: $consumer, states: $states, first: $first, after: $after) {
    edges { node { id consumer purpose type state total done pending pendingReason perSubjectClaims caseId operatorId
      submittedAt finishedAt resultsExpireAt sources { source total done pending waiting } } }
    pageInfo { hasNextPage endCursor } } }`;
const PAGE = 50;
const STATES = ['RUNNING', 'DONE', 'CANCELLED', 'REFUSED', 'EXPIRED'];

export default {
  id: 'jobs',
  title: '核验任务 Jobs',
  async render(container, { me }) {
    const consumer = h('input', { type: 'search', name: 'consumer', size: 22, autocomplete: 'off', placeholder: 'pension-fund' });
    const state = select([['', '全部 All'], ...STATES.map((code) => [code, jobState(code)])], { name: 'state' });
    const result = h('div', { id: 'job-list', 'aria-live': 'polite' });
    let after = null;
    let shown = [];
    const more = h('button', { type: 'button', class: 'secondary', id: 'more-jobs', hidden: true }, '更多 More');
    const load = async (next) => {
      const page = (await admin(JOBS, {
        consumer: me.authority && consumer.value.trim() ? consumer.value.trim() : null,
        states: state.value ? [state.value] : null,
        first: PAGE,
        after: next ? after : null,
      })).verificationJobs;
      shown = next ? shown.concat(page.edges.map((edge) => edge.node)) : page.edges.map((edge) => edge.node);
      after = page.pageInfo.endCursor;
      more.hidden = !page.pageInfo.hasNextPage;
      renderJobs(result, shown);
    };
    const form = h('form', { class: 'bar', role: 'search', 'aria-label': '筛选 Filter' },
      me.authority ? field('需求方 Consumer', consumer) : null,
      field('状态 State', state),
      h('button', { type: 'submit' }, '显示 Show'));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      await load(false).catch((error) => show(result, message('error', error.message)));
    });
    more.addEventListener('click', async () => {
      await load(true).catch((error) => show(result, message('error', error.message)));
    });
    show(container,
      h('p', { class: 'hint' }, me.authority
        ? '需求方提交的批量核验任务，最新的在前；只显示进度，不显示核验对象与结果。 Batch verification jobs consumers submitted, newest first: progress only, never subjects or outcomes.'
        : `仅显示核验本部门数据或声明涉及本部门记录（${me.stewardOf.join(', ')}）的任务。 Only jobs that verify your own sources' data (${me.stewardOf.join(', ')}), or claim about records there, are shown.`),
      form, result, h('div', { class: 'bar' }, more));
    await load(false);
  },
};

function renderJobs(container, jobs) {
  if (jobs.length === 0) {
    show(container, message('note', '没有核验任务。 No verification jobs.'));
    return;
  }
  show(container, table(`${jobs.length} 个核验任务 jobs`, [
    ['任务 Job', (job) => h('code', { title: job.id }, job.id.slice(0, 8))],
    ['需求方 Consumer', (job) => job.consumer],
    ['用途 Purpose', (job) => h('code', {}, job.purpose)],
    ['核验类型 Type', (job) => [h('code', {}, job.type), job.perSubjectClaims ? h('span', { class: 'hint' }, ' 逐条声明 claims per subject') : '']],
    ['状态 State', (job) => h('span', { class: `badge job-${job.state.toLowerCase()}` }, jobState(job.state))],
    ['进度 Progress', (job) => progress(job)],
    ['案件 Case / 经办人 Operator', (job) => [job.caseId || '', job.operatorId ? ` / ${job.operatorId}` : '']],
    ['提交 Submitted', (job) => when(job.submittedAt)],
    ['完成 Finished', (job) => when(job.finishedAt)],
    ['结果保留至 Results kept until', (job) => when(job.resultsExpireAt)],
  ], jobs, (job) => ({ 'data-job': job.id })));
}

/** One bar per source, with the figures beside it (the bar is not the only carrier of the numbers). */
function progress(job) {
  if (job.sources.length === 0) return `${job.done} / ${job.total}`;
  return h('ul', { class: 'plain job-progress' }, job.sources.map((source) => h('li', { 'data-source': source.source },
    h('span', { class: 'source' }, source.source), ' ',
    h('progress', { max: Math.max(1, source.total), value: source.done, 'aria-label': `${source.source}: ${source.done} / ${source.total}` }),
    ` ${source.done} / ${source.total}`,
    source.pending ? ` · 待核验 pending ${source.pending}` : '',
    source.waiting ? h('div', { class: 'hint' }, `等待原因 Waiting: ${source.waiting}`) : null)).concat(
    // A steward sees its own sources only: why the job waits on another's still shows.
    job.pendingReason && job.state === 'RUNNING' && !job.sources.some((source) => source.waiting)
      ? [h('li', { class: 'hint' }, `等待原因 Waiting: ${job.pendingReason}`)]
      : []));
}
