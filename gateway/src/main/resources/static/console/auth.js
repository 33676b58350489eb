// Sign-in with the OAuth2 authorization code flow and PKCE (RFC 7636), as a public client: the code verifier never
// leaves this tab until it is exchanged, together with the code, for an access token at the issuer's token endpoint.
// The token is kept in this tab's sessionStorage (gone when the tab closes; the page's Content Security Policy lets no
// other script run here) and sent only to the admin API.

const TOKEN = 'govshare.console.token';
const PENDING = 'govshare.console.pending';

function base64url(bytes) {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomText(bytes) {
  const random = new Uint8Array(bytes);
  crypto.getRandomValues(random);
  return base64url(random);
}

async function challengeOf(verifier) {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}

/** The console's own address: the issuer sends the browser back here with the code. */
export function redirectUri() {
  return `${location.origin}/console/`;
}

/** Goes to the issuer's sign-in; `returnTo` is the page (hash) to come back to. */
export async function signIn(config, returnTo) {
  const verifier = randomText(48);
  const state = randomText(16);
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, returnTo }));
  const url = new URL(config.authorizationUri, location.origin);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: redirectUri(),
    scope: config.scopes.join(' '),
    state,
    code_challenge: await challengeOf(verifier),
    code_challenge_method: 'S256',
  }).toString();
  location.assign(url.toString());
}

/**
 * On the way back from the issuer (?code=…&state=…): checks the state, exchanges the code with the verifier, keeps
 * the token. Returns false when this is not a sign-in callback.
 */
export async function completeSignIn(config) {
  const parameters = new URLSearchParams(location.search);
  if (!parameters.has('code') && !parameters.has('error')) return false;
  const pending = JSON.parse(sessionStorage.getItem(PENDING) || 'null');
  sessionStorage.removeItem(PENDING);
  // The code is single-use: take it out of the address bar and the history at once.
  history.replaceState(null, '', location.pathname + (pending?.returnTo || ''));
  if (parameters.has('error')) {
    throw new Error(`登录被拒绝 Sign-in refused: ${parameters.get('error')} ${parameters.get('error_description') || ''}`);
  }
  if (!pending || parameters.get('state') !== pending.state) {
    throw new Error('登录状态不符，请重新登录 Sign-in state does not match; sign in again');
  }
  const response = await fetch(new URL(config.tokenUri, location.origin), {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: parameters.get('code'),
      redirect_uri: redirectUri(),
      client_id: config.clientId,
      code_verifier: pending.verifier,
    }),
  });
  if (!response.ok) {
    throw new Error(`令牌交换失败 Token exchange failed (HTTP ${response.status})`);
  }
  const token = await response.json();
  const lifetime = Number(token.expires_in || 300) * 1000;
  sessionStorage.setItem(TOKEN, JSON.stringify({ accessToken: token.access_token, expiresAt: Date.now() + lifetime }));
  return true;
}

/** The access token, or null when there is none or it is about to expire. */
export function accessToken() {
  const token = JSON.parse(sessionStorage.getItem(TOKEN) || 'null');
  if (!token || token.expiresAt - 30_000 < Date.now()) return null;
  return token.accessToken;
}

export function forgetToken() {
  sessionStorage.removeItem(TOKEN);
}

/**
 * Forgets the token, then lets the issuer end its own session: its logout URI ends the session on this navigation and
 * returns to the console (the demo issuer's GET /logout from this page; an OpenID provider's end-session endpoint).
 */
export function signOut(config) {
  forgetToken();
  location.assign(config.logoutUri ? new URL(config.logoutUri, location.origin).toString() : redirectUri());
}
