// 用量 Usage: operations per consumer and purpose over time, drawn as inline SVG (no chart library), with the
// numbers in a table beside it.

import { admin } from '../api.js';
import { field, h, message, s, select, show, table, uid, when } from '../dom.js';

const USAGE = `query($from: DateTime, $period: UsagePeriod) {
  usage(from: $from, period: $period) { period consumer purpose allowed withoutData denied } }`;
// Okabe–Ito colours: told apart with the common colour-vision deficiencies; each series also has its own marker.
const COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#7A4D00'];
const STEP = { DAY: 86_400_000, HOUR: 3_600_000 };

export default {
  id: 'usage',
  title: '用量 Usage',
  authorityOnly: true,
  async render(container) {
    const period = select([['DAY', '按日 Per day'], ['HOUR', '按小时 Per hour']], { name: 'period', value: 'DAY' });
    const span = select([['1', '1 天 day'], ['7', '7 天 days'], ['30', '30 天 days'], ['90', '90 天 days']], { name: 'days', value: '30' });
    const result = h('div', { id: 'usage-result', 'aria-live': 'polite' });
    const load = async () => {
      const from = new Date(Date.now() - Number(span.value) * STEP.DAY).toISOString();
      const rows = (await admin(USAGE, { from, period: period.value })).usage;
      renderUsage(result, rows, period.value);
    };
    const form = h('form', { class: 'bar' }, field('粒度 Period', period), field('范围 Range', span), h('button', { type: 'submit' }, '显示 Show'));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      await load().catch((error) => show(result, message('error', error.message)));
    });
    show(container, h('p', { class: 'hint' }, '每个需求方、每种用途的请求数（读取或核验、不涉及数据、拒绝三者合计）。 Requests per consumer and purpose (data used, no data used and refused together).'), form, result);
    await load();
  },
};

function renderUsage(container, rows, period) {
  if (rows.length === 0) {
    show(container, message('note', '此期间没有请求。 No requests in this period.'));
    return;
  }
  const seriesKey = (row) => `${row.consumer} · ${row.purpose || '—'}`;
  const series = [...new Set(rows.map(seriesKey))].sort();
  const times = rows.map((row) => new Date(row.period).getTime());
  const first = Math.min(...times);
  const last = Math.max(...times);
  const buckets = [];
  for (let time = first; time <= last; time += STEP[period]) buckets.push(time);
  const totals = new Map();
  for (const row of rows) {
    totals.set(`${seriesKey(row)}|${new Date(row.period).getTime()}`, Number(row.allowed) + Number(row.withoutData) + Number(row.denied));
  }
  show(container,
    chart(series, buckets, (name, time) => totals.get(`${name}|${time}`) || 0, period),
    h('ul', { class: 'legend', 'aria-label': '图例 Legend' }, series.map((name, index) => h('li', {},
      s('svg', { width: 16, height: 16, 'aria-hidden': 'true', class: 'swatch-svg' }, marker(index, 8, 8, 5)), ` ${name}`))),
    table('数据 Data', [
      ['时段 Period', (row) => when(row.period)],
      ['需求方 Consumer', (row) => row.consumer],
      ['用途 Purpose', (row) => h('code', {}, row.purpose || '')],
      ['允许 Allowed', (row) => String(row.allowed), { num: true }],
      ['无数据 No data', (row) => String(row.withoutData), { num: true }],
      ['拒绝 Denied', (row) => String(row.denied), { num: true }],
    ], rows));
}

/** A marker of its own shape and colour per series: circle, square, diamond, triangle, then again. */
function marker(index, x, y, size) {
  const colour = COLOURS[index % COLOURS.length];
  const shape = index % 4;
  if (shape === 0) return s('circle', { cx: x, cy: y, r: size, fill: colour });
  if (shape === 1) return s('rect', { x: x - size, y: y - size, width: size * 2, height: size * 2, fill: colour });
  if (shape === 2) return s('polygon', { points: `${x},${y - size - 1} ${x + size + 1},${y} ${x},${y + size + 1} ${x - size - 1},${y}`, fill: colour });
  return s('polygon', { points: `${x},${y - size - 1} ${x + size + 1},${y + size} ${x - size - 1},${y + size}`, fill: colour });
}

function niceMaximum(value) {
  if (value <= 5) return 5;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (value <= step * magnitude) return step * magnitude;
  }
  return 10 * magnitude;
}

function chart(series, buckets, value, period) {
  const width = 960;
  const height = 320;
  const left = 56;
  const right = 16;
  const top = 16;
  const bottom = 44;
  const plotWidth = width - left - right;
  const plotHeight = height - top - bottom;
  const maximum = niceMaximum(Math.max(1, ...series.flatMap((name) => buckets.map((time) => value(name, time)))));
  const x = (index) => left + (buckets.length === 1 ? plotWidth / 2 : (index * plotWidth) / (buckets.length - 1));
  const y = (count) => top + plotHeight - (count / maximum) * plotHeight;
  const label = (time) => (period === 'DAY' ? when(time).slice(5, 10) : when(time).slice(5));
  const every = Math.max(1, Math.ceil(buckets.length / 10));
  const titleId = uid('chart-title');
  const descriptionId = uid('chart-description');

  return s('svg', { class: 'chart', viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-labelledby': `${titleId} ${descriptionId}` },
    s('title', { id: titleId }, '各需求方与用途的请求数 Requests per consumer and purpose'),
    s('desc', { id: descriptionId }, `${series.length} 条序列 series, ${buckets.length} 个时段 periods, 最大 maximum ${maximum}; 数据见下表 numbers in the table below.`),
    [0, 0.25, 0.5, 0.75, 1].map((fraction) => [
      s('line', { class: 'grid', x1: left, x2: width - right, y1: y(maximum * fraction), y2: y(maximum * fraction) }),
      s('text', { x: left - 6, y: y(maximum * fraction) + 4, 'text-anchor': 'end' }, String(Math.round(maximum * fraction))),
    ]),
    s('line', { class: 'axis', x1: left, x2: left, y1: top, y2: top + plotHeight }),
    s('line', { class: 'axis', x1: left, x2: width - right, y1: top + plotHeight, y2: top + plotHeight }),
    buckets.map((time, index) => (index % every === 0
      ? s('text', { x: x(index), y: height - bottom + 18, 'text-anchor': 'middle' }, label(time))
      : null)),
    series.map((name, index) => s('g', { 'data-series': name },
      s('polyline', {
        points: buckets.map((time, position) => `${x(position)},${y(value(name, time))}`).join(' '),
        fill: 'none',
        stroke: COLOURS[index % COLOURS.length],
        'stroke-width': 2,
      }),
      buckets.map((time, position) => s('g', {},
        s('title', {}, `${name} ${when(time)}: ${value(name, time)}`),
        marker(index, x(position), y(value(name, time)), 4))))));
}
