import { siteConfig } from './config';
import { clearSession, saveSession, sessionFromToken, type Session } from './session';

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
  const session = sessionFromToken(((await response.json()) as { token: string }).token);
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
  saveSession(sessionFromToken(((await response.json()) as { id_token: string }).id_token));
  return pending.next;
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
