// 解释 Explain: what the gateway would do with a document for a consumer and purpose, without running it.

import { admin } from '../api.js';
import { field, h, message, show, uid } from '../dom.js';

const EXPLAIN = `query($consumer: ID!, $purpose: String!, $document: String!) {
  explain(consumer: $consumer, purpose: $purpose, document: $document) {
    allowed denied grants rowFilters masks sourceQueries { source sql } problems } }`;
const EXAMPLE = `{
  resident(idNumber: "44190019620315048X") {
    name
    address
    pension { status retired }
  }
}`;

export default {
  id: 'explain',
  title: '解释 Explain',
  async render(container, { me }) {
    const pairs = await knownPairs(me);
    const consumers = h('datalist', { id: uid('consumers') }, [...new Set(pairs.map(([name]) => name))].map((name) => h('option', { value: name })));
    const purposes = h('datalist', { id: uid('purposes') }, [...new Set(pairs.map(([, purpose]) => purpose))].map((purpose) => h('option', { value: purpose })));
    const consumer = h('input', { type: 'text', name: 'consumer', list: consumers.id, required: true, value: 'dongguan-window' });
    const purpose = h('input', { type: 'text', name: 'purpose', list: purposes.id, required: true, value: 'PENSION_EXTENSION' });
    const documentText = h('textarea', { name: 'document', rows: 7, required: true, spellcheck: 'false', value: EXAMPLE });
    const result = h('div', { id: 'explanation', 'aria-live': 'polite' });
    const form = h('form', {},
      h('div', { class: 'bar' }, field('需求方 Consumer', consumer), field('用途 Purpose', purpose)),
      field('查询文档 GraphQL document', documentText),
      h('div', { class: 'bar' }, h('button', { type: 'submit' }, '解释 Explain')));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      try {
        const explanation = (await admin(EXPLAIN, {
          consumer: consumer.value.trim(),
          purpose: purpose.value.trim(),
          document: documentText.value,
        })).explain;
        renderExplanation(result, explanation);
      } catch (error) {
        show(result, message('error', error.message));
      }
    });
    show(container,
      h('p', { class: 'hint' }, '不执行查询、不访问数据源。 Nothing runs and no source is touched.'),
      consumers, purposes, form, result);
  },
};

/** Consumer and purpose pairs to pick from: the authority's grants, or the requests in a steward's inbox. */
async function knownPairs(me) {
  try {
    if (me.authority) {
      return (await admin('{ grants { consumer purpose } }')).grants.map((grant) => [grant.consumer, grant.purpose]);
    }
    return (await admin('{ shareRequestInbox { consumer purpose } }')).shareRequestInbox
      .map((request) => [request.consumer, request.purpose]);
  } catch {
    return [];
  }
}

function list(title, items, className) {
  return h('section', { class: className },
    h('h2', {}, `${title} (${items.length})`),
    items.length === 0 ? h('p', {}, '无 none') : h('ul', { class: 'plain' }, items.map((item) => h('li', {}, h('code', {}, item)))));
}

function renderExplanation(container, explanation) {
  show(container,
    explanation.problems.length ? message('error', '无法解释 Cannot explain: ', explanation.problems.join('; ')) : null,
    explanation.denied.length
      ? message('error', `将被拒绝：${explanation.denied.length} 个字段未获授权。 Refused: ${explanation.denied.length} fields are not granted.`)
      : explanation.problems.length ? null : message('ok', '全部字段均已授权。 Every field is granted.'),
    h('div', { class: 'columns' },
      list('允许 Allowed', explanation.allowed, 'allowed'),
      list('拒绝 Denied', explanation.denied, 'denied'),
      list('授权依据 Grants', explanation.grants, 'grants'),
      list('行过滤 Row filters', explanation.rowFilters, 'row-filters'),
      list('脱敏 Masks', explanation.masks, 'masks')),
    h('section', { class: 'source-queries' },
      h('h2', {}, `源端 SQL Source SQL (${explanation.sourceQueries.length})`),
      explanation.sourceQueries.map((query) => [h('h3', {}, query.source), h('pre', {}, query.sql)])));
}
