// 数据目录 Catalog: every shareable item with its provider, classification and share type; search and filters. Below,
// the catalog's versions (who made each current, when, why) and, for the authority, a reload of the catalog's files.

import { admin } from '../api.js';
import { field, h, message, select, show, table, when } from '../dom.js';
import { label } from '../labels.js';

const CATALOG = `query($search: String, $source: String, $level: String, $shareType: String) {
  catalog(search: $search, source: $source, level: $level, shareType: $shareType) {
    name description source provider updateFrequency keyFields
    fields { coordinate name description level category shareType legalBasis relation } } }`;

const VERSIONS = `{ catalogVersions(limit: 10) { version createdAt author reason serving } }`;
const RELOAD = `mutation($reason: String!) { reloadCatalog(reason: $reason) {
  outcome version { version } problems grantProblems { grantId field problem } } }`;

export default {
  id: 'catalog',
  title: '数据目录 Catalog',
  async render(container, { me } = {}) {
    const everything = (await admin(CATALOG, {})).catalog;
    const search = h('input', { type: 'search', name: 'search', placeholder: '如 退休、name、养老' });
    const source = select([['', '全部 All'], ...everything.map((resource) => [resource.source, `${resource.provider} (${resource.source})`])],
      { name: 'source' });
    const level = select([['', '全部 All'], ...['L1', 'L2', 'L3', 'L4'].map((code) => [code, label(code)])], { name: 'level' });
    const shareType = select([['', '全部 All'], ...['UNCONDITIONAL', 'CONDITIONAL', 'NOT_SHARED'].map((code) => [code, label(code)])],
      { name: 'shareType' });
    const results = h('div', { id: 'catalog-results', 'aria-live': 'polite' });
    const form = h('form', { class: 'bar', role: 'search' },
      field('搜索 Search', search),
      field('提供部门 Provider / source', source),
      field('分级 Classification level', level),
      field('共享属性 Share type', shareType),
      h('button', { type: 'submit' }, '查询 Search'));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      try {
        const found = (await admin(CATALOG, {
          search: search.value.trim() || null,
          source: source.value || null,
          level: level.value || null,
          shareType: shareType.value || null,
        })).catalog;
        renderResources(results, found);
      } catch (error) {
        show(results, message('error', error.message));
      }
    });
    const versions = h('div', { id: 'catalog-versions' });
    show(container, form, results, h('h2', {}, '目录版本 Catalog versions'), versions);
    renderResources(results, everything);
    await renderVersions(versions, me?.authority);
  },
};

async function renderVersions(versions, authority) {
  const list = (await admin(VERSIONS)).catalogVersions;
  const outcome = h('div', { 'aria-live': 'polite' });
  let reloadForm = null;
  if (authority) {
    const reason = h('input', { type: 'text', name: 'reason', required: true, size: 40, placeholder: '如 新增婚姻登记共享' });
    reloadForm = h('form', { class: 'bar' }, field('重新加载目录文件 Reload the catalog files — 原因 Reason', reason),
      h('button', { type: 'submit' }, '检查并加载 Check and reload'));
    reloadForm.addEventListener('submit', async (event) => {
      event.preventDefault();
      try {
        const answer = (await admin(RELOAD, { reason: reason.value.trim() })).reloadCatalog;
        show(outcome,
          message(answer.outcome === 'REFUSED' ? 'error' : 'note',
            `${answer.outcome}: 版本 version ${answer.version.version}`),
          answer.problems.length ? h('ul', {}, answer.problems.map((problem) => h('li', {}, h('code', {}, problem)))) : null,
          answer.grantProblems.length
            ? table('授权指向目录中不存在的字段 Grants naming what the catalog no longer has', [
              ['授权 Grant', (problem) => problem.grantId],
              ['字段 Field', (problem) => h('code', {}, problem.field)],
              ['问题 Problem', (problem) => problem.problem],
            ], answer.grantProblems)
            : null);
        if (answer.outcome === 'RELOADED') await renderVersions(versions, authority);
      } catch (error) {
        show(outcome, message('error', error.message));
      }
    });
  }
  show(versions,
    table(null, [
      ['版本 Version', (version) => String(version.version)],
      ['时间 At', (version) => when(version.createdAt)],
      ['作者 Author', (version) => version.author],
      ['原因 Reason', (version) => version.reason],
      ['本实例 This instance', (version) => (version.serving ? '服务中 serving' : '')],
    ], list),
    reloadForm, outcome);
}

function renderResources(results, resources) {
  const count = resources.reduce((sum, resource) => sum + resource.fields.length, 0);
  if (count === 0) {
    show(results, message('note', '没有符合条件的数据项。 No catalog items match.'));
    return;
  }
  show(results,
    h('p', { class: 'hint', role: 'status' }, `${resources.length} 类资源，${count} 个数据项 ${resources.length} resources, ${count} items`),
    resources.map((resource) => h('section', { class: 'resource', 'data-resource': resource.name },
      h('h2', {}, `${resource.name} — ${resource.provider}`),
      h('p', { class: 'hint' },
        `来源 Source: ${resource.source} · 主键 Key: ${resource.keyFields.join(', ')}`,
        resource.updateFrequency ? ` · 更新 Updates: ${resource.updateFrequency}` : '',
        resource.description ? ` · ${resource.description}` : ''),
      table(null, [
        ['字段 Field', (item) => h('code', {}, item.coordinate)],
        ['说明 Description', (item) => item.description || (item.relation ? '关联 Relation' : '')],
        ['分级 Level', (item) => label(item.level)],
        ['类别 Category', (item) => item.category],
        ['共享属性 Share type', (item) => label(item.shareType)],
        ['依据 Legal basis', (item) => item.legalBasis || ''],
      ], resource.fields))));
}
