// Small DOM helpers. Text always goes in as text nodes (never as HTML), so nothing from the API can run as markup.

const SVG = 'http://www.w3.org/2000/svg';

/** An element: h('td', {class: 'num'}, 'text', child, [more children]). Attributes false or null are left out. */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  return fill(element, attributes, children);
}

/** An SVG element, as h(). */
export function s(tag, attributes = {}, ...children) {
  return fill(document.createElementNS(SVG, tag), attributes, children);
}

function fill(element, attributes, children) {
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value);
    } else if (name === 'value' && 'value' in element) {
      element.value = value;
    } else if (name === 'checked' || name === 'selected' || name === 'disabled') {
      element[name] = Boolean(value);
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(element, child);
    else element.append(child instanceof Node ? child : String(child));
  }
}

let sequence = 0;
/** A fresh id for label/for pairs. */
export function uid(prefix = 'f') {
  sequence += 1;
  return `${prefix}-${sequence}`;
}

/** A labelled form control: field('搜索 Search', h('input', {...})). */
export function field(label, control) {
  if (!control.id) control.id = uid();
  return h('div', { class: 'field' }, h('label', { for: control.id }, label), control);
}

/** A checkbox with its label. */
export function check(label, attributes = {}) {
  const box = h('input', { type: 'checkbox', id: uid('c'), ...attributes });
  return h('label', { class: 'check', for: box.id }, box, label);
}

/** A select of [value, label] pairs. */
export function select(options, attributes = {}) {
  return h('select', attributes, options.map(([value, label]) => h('option', { value, selected: value === attributes.value }, label)));
}

/** A table: columns are [header, cell(row) → node or text, {num: true}] triples. */
export function table(caption, columns, rows, rowAttributes = () => ({})) {
  return h('div', { class: 'table-wrap' },
    h('table', {},
      caption ? h('caption', {}, caption) : null,
      h('thead', {}, h('tr', {}, columns.map(([header, , options]) =>
        h('th', { scope: 'col', class: options?.num ? 'num' : null }, header)))),
      h('tbody', {}, rows.map((row) => h('tr', rowAttributes(row), columns.map(([, cell, options]) =>
        h('td', { class: options?.num ? 'num' : null }, cell(row))))))));
}

/** A message box: kind 'error' (announced at once), 'ok' or 'note' (announced politely). */
export function message(kind, ...text) {
  return h('div', { class: `message ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, ...text);
}

/** Replaces a container's content. */
export function show(container, ...children) {
  container.replaceChildren();
  append(container, children);
}

/** A date-time as local time, to the minute (2026-01-05 14:03). */
export function when(value) {
  if (!value) return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** Runs an action that calls the API, showing its failure in `status` instead of losing it. */
export async function attempt(status, action) {
  try {
    return await action();
  } catch (error) {
    show(status, message('error', error.message || String(error)));
    return undefined;
  }
}
