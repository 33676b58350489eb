// The console's shell: sign-in, who the user is (admin API `me`), the pages the user may use, and hash routing.

import { admin, whenSignInRequired } from './api.js';
import { accessToken, completeSignIn, signIn, signOut } from './auth.js';
import { h, message, show } from './dom.js';
import audit from './pages/audit.js';
import catalog from './pages/catalog.js';
import corrections from './pages/corrections.js';
import explain from './pages/explain.js';
import grants from './pages/grants.js';
import inbox from './pages/inbox.js';
import jobs from './pages/jobs.js';
import policy from './pages/policy.js';
import usage from './pages/usage.js';

const PAGES = [inbox, catalog, grants, policy, explain, audit, jobs, usage, corrections];

const main = document.getElementById('main');
let config;
let me;

function allowed(page) {
  return !page.authorityOnly || me.authority;
}

function currentPage() {
  const id = location.hash.replace(/^#\/?/, '').split('?')[0];
  const page = PAGES.find((candidate) => candidate.id === id);
  return page && allowed(page) ? page : PAGES.find(allowed);
}

function showSignIn(problem) {
  document.getElementById('nav').hidden = true;
  document.getElementById('user').hidden = true;
  const button = h('button', { type: 'button', id: 'sign-in', disabled: !config.configured }, '登录 Sign in');
  button.addEventListener('click', () => signIn(config, location.hash));
  show(main,
    h('section', { class: 'sign-in', 'aria-labelledby': 'sign-in-title' },
      h('h1', { id: 'sign-in-title', tabindex: '-1' }, '登录 Sign in'),
      h('p', {}, '数据共享主管部门的管理员与各提供部门的数据管理员在此审核共享申请、调整授权、查阅审计。'),
      h('p', {}, 'Administrators of the data-sharing authority and stewards of the providing departments review share requests, tune grants and read the audit trail here.'),
      problem ? message('error', problem) : null,
      config.configured ? null : message('error', '未配置登录：请设置 govshare.console.authorization-uri 与 token-uri。 Sign-in is not configured: set govshare.console.authorization-uri and token-uri.'),
      button));
  main.querySelector('h1').focus();
}

function renderNavigation(active) {
  const list = document.getElementById('nav-list');
  list.replaceChildren(...PAGES.filter(allowed).map((page) => h('li', {},
    h('a', { href: `#/${page.id}`, 'aria-current': page === active ? 'page' : null, id: `nav-${page.id}` }, page.title))));
  document.getElementById('nav').hidden = false;
}

async function route() {
  if (!accessToken()) {
    showSignIn();
    return;
  }
  const page = currentPage();
  renderNavigation(page);
  document.title = `${page.title} · govshare`;
  const heading = h('h1', { tabindex: '-1' }, page.title);
  const body = h('div', { id: `page-${page.id}` });
  show(main, heading, body);
  heading.focus();
  try {
    await page.render(body, { me, config });
  } catch (error) {
    if (accessToken()) body.append(message('error', error.message || String(error)));
  }
}

async function start() {
  config = await (await fetch('config.json', { headers: { Accept: 'application/json' } })).json();
  whenSignInRequired(() => showSignIn('登录已过期 The session has expired: sign in again.'));
  try {
    await completeSignIn(config);
  } catch (error) {
    showSignIn(error.message);
    return;
  }
  if (!accessToken()) {
    showSignIn();
    return;
  }
  try {
    me = (await admin('{ me { subject authority stewardOf } }')).me;
  } catch (error) {
    if (accessToken()) showSignIn(error.message);
    return;
  }
  document.getElementById('user-name').textContent = me.subject;
  document.getElementById('user-role').textContent = me.authority
    ? '主管部门 Authority'
    : `数据管理员 Steward: ${me.stewardOf.join(', ')}`;
  document.getElementById('user').hidden = false;
  document.getElementById('sign-out').addEventListener('click', () => signOut(config));
  window.addEventListener('hashchange', route);
  await route();
}

start();
