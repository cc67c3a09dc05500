import { siteConfig } from './config';
import { clearSession, currentSession, saveSession, sessionFromToken, storedSession, type Session } from './session';

/**
 * Signing in. Locally: a demo-user picker the local runtime alone serves (/local/…). On AWS:
 * Cognito's hosted sign-in, the authorization code flow with PKCE (a public client, no secret);
 * the ID token is the API's bearer, as for every other client.
 */

export interface DemoUser {
  readonly userId: string;
  readonly name: string;
  readonly groups: readonly string[];
}

export async function demoUsers(): Promise<DemoUser[]> {
  const response = await fetch('/local/users');
  if (!response.ok) throw new Error('the demo users are only served by the local runtime');
  return ((await response.json()) as { users: DemoUser[] }).users;
}

export async function signInAsDemoUser(userId: string): Promise<Session> {
  const response = await fetch('/local/sign-in', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId }) });
  if (!response.ok) throw new Error(`sign-in refused (HTTP ${response.status})`);
  const answer = (await response.json()) as { token: string; refreshToken?: string };
  const session = sessionFromToken(answer.token, answer.refreshToken);
  saveSession(session);
  return session;
}

const VERIFIER = 'home-visits.pkce';

const base64url = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/** Off to Cognito's hosted sign-in; it comes back to signed-in.html with a code. */
export async function startHostedSignIn(next: string): Promise<void> {
  const config = await siteConfig();
  if (config.auth.kind !== 'cognito') throw new Error('not deployed with Cognito');
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
  const state = base64url(crypto.getRandomValues(new Uint8Array(16)));
  const challenge = base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  sessionStorage.setItem(VERIFIER, JSON.stringify({ verifier, state, next }));
  const url = new URL('/oauth2/authorize', config.auth.domain);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: config.auth.clientId,
    redirect_uri: config.auth.redirectUri,
    scope: 'openid email profile',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state,
  }).toString();
  location.assign(url.toString());
}

/** On signed-in.html: the code for tokens, checked against the state this browser sent. Returns where to go next. */
export async function finishHostedSignIn(search: string): Promise<string> {
  const config = await siteConfig();
  if (config.auth.kind !== 'cognito') throw new Error('not deployed with Cognito');
  const params = new URLSearchParams(search);
  const pending = JSON.parse(sessionStorage.getItem(VERIFIER) ?? 'null') as { verifier: string; state: string; next: string } | null;
  sessionStorage.removeItem(VERIFIER);
  const code = params.get('code');
  if (!pending || !code || params.get('state') !== pending.state) throw new Error('This sign-in was not started here. Start again.');
  const response = await fetch(new URL('/oauth2/token', config.auth.domain), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', client_id: config.auth.clientId, code, redirect_uri: config.auth.redirectUri, code_verifier: pending.verifier }),
  });
  if (!response.ok) throw new Error(`Cognito refused the sign-in (HTTP ${response.status})`);
  const tokens = (await response.json()) as { id_token: string; refresh_token?: string };
  saveSession(sessionFromToken(tokens.id_token, tokens.refresh_token));
  return pending.next;
}

/** A token this close to its end is refreshed before it is sent: it must not lapse on the way. */
const REFRESH_BEFORE_MS = 5 * 60 * 1000;
let refreshing: Promise<Session | undefined> | undefined;

/**
 * The session with a token the API will take for a while yet: refreshed first when it is within
 * five minutes of its end (or past it) and a refresh token is kept. Cognito's token endpoint with
 * `grant_type=refresh_token` on AWS, `/local/refresh` locally. Without signal the session is left as
 * it is (still valid or not) and the next call tries again; a refresh the server refuses (the
 * sign-in was ended, or its 30 days are up) drops the refresh token, and the person signs in again.
 * One refresh at a time however many requests ask.
 */
export function freshSession(now = Date.now()): Promise<Session | undefined> {
  const session = storedSession();
  if (!session) return Promise.resolve(undefined);
  if (session.expiresAt - now > REFRESH_BEFORE_MS || !session.refreshToken) return Promise.resolve(currentSession(now));
  refreshing ??= refreshSession(session).finally(() => {
    refreshing = undefined;
  });
  return refreshing;
}

async function refreshSession(session: Session & { refreshToken?: string }): Promise<Session | undefined> {
  let response: Response;
  let token: (answer: unknown) => string | undefined;
  try {
    const config = await siteConfig();
    if (config.auth.kind === 'cognito') {
      response = await fetch(new URL('/oauth2/token', config.auth.domain), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'refresh_token', client_id: config.auth.clientId, refresh_token: session.refreshToken! }),
      });
      token = (answer) => (answer as { id_token?: string }).id_token;
    } else {
      response = await fetch('/local/refresh', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refreshToken: session.refreshToken }) });
      token = (answer) => (answer as { token?: string }).token;
    }
  } catch {
    return currentSession(); // no signal: try again with the next request
  }
  const idToken = response.ok ? token(await response.json().catch(() => ({}))) : undefined;
  if (idToken) {
    const renewed = sessionFromToken(idToken, session.refreshToken);
    // Only if it is still the same person's session (nobody signed out or in meanwhile).
    if (storedSession()?.user.userId === session.user.userId) saveSession(renewed);
    return renewed;
  }
  if (response.status >= 400 && response.status < 500 && storedSession()?.user.userId === session.user.userId) {
    const { refreshToken: _ended, ...withoutRefresh } = session;
    saveSession(withoutRefresh);
  }
  return currentSession();
}

export async function signOut(): Promise<void> {
  clearSession();
  const config = await siteConfig();
  if (config.auth.kind === 'cognito') {
    const url = new URL('/logout', config.auth.domain);
    url.search = new URLSearchParams({ client_id: config.auth.clientId, logout_uri: config.auth.logoutUri }).toString();
    location.assign(url.toString());
  } else location.assign('/');
}
