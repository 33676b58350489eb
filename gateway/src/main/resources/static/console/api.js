// The admin API, and nothing else: every page's data comes from POST /admin/graphql with the user's token.

import { accessToken, forgetToken } from './auth.js';

/** The user must sign in (again): no token, or the gateway refused it. */
export class SignInRequired extends Error {
  constructor() {
    super('请登录 Please sign in');
  }
}

/** GraphQL errors, with their contract codes (FORBIDDEN_FIELD, INVALID_ARGUMENT, …). */
export class ApiError extends Error {
  constructor(errors) {
    super(errors.map((error) => {
      const code = error.extensions?.code;
      return code ? `${error.message} (${code})` : error.message;
    }).join('; '));
    this.errors = errors;
  }
}

let onSignInRequired = () => {};
/** What to do when the token is missing or refused (the app shows the sign-in page). */
export function whenSignInRequired(handler) {
  onSignInRequired = handler;
}

export async function admin(query, variables = {}) {
  const token = accessToken();
  if (!token) {
    onSignInRequired();
    throw new SignInRequired();
  }
  const response = await fetch('/admin/graphql', {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  if (response.status === 401) {
    forgetToken();
    onSignInRequired();
    throw new SignInRequired();
  }
  if (response.status === 403) {
    throw new ApiError([{ message: '无权使用管理接口 Not permitted to use the admin API', extensions: { code: 'HTTP 403' } }]);
  }
  const body = await response.json();
  if (body.errors?.length) throw new ApiError(body.errors);
  return body.data;
}
