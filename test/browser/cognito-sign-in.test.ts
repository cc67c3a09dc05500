import { createHash } from 'node:crypto';
import type { BrowserContext, Route } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { tokenFor, withAppAndBrowser } from '../support/browser';

/**
 * The deployed sign-in, in a real browser: the pages read a Cognito config.json (as lib/site.ts
 * writes it), go to the hosted sign-in with a PKCE challenge, and on the way back exchange the code
 * with the verifier that hashes to it. Cognito itself is played by routes on the browser context.
 */
const DOMAIN = 'https://hv-test.auth.eu-west-2.amazoncognito.com';
const env = withAppAndBrowser({ timeScale: 1 });

async function deployedContext(): Promise<BrowserContext> {
  // The local runtime's CSP allows no sign-in domain (lib/site.ts adds Cognito's to the deployed one).
  const context = await env.browser.newContext({ baseURL: env.app.url, bypassCSP: true });
  await context.route('**/config.json', (route: Route) =>
    route.fulfill({
      json: { apiUrl: '', auth: { kind: 'cognito', domain: DOMAIN, clientId: 'client-123', redirectUri: `${env.app.url}/signed-in.html`, logoutUri: `${env.app.url}/` } },
    }),
  );
  return context;
}

const base64url = (bytes: Buffer) => bytes.toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

describe('signing in through Cognito\'s hosted sign-in (authorization code with PKCE)', () => {
  it('sends the person to Cognito with an S256 challenge and a state, then exchanges the code with the matching verifier and lands on their page', async () => {
    const context = await deployedContext();
    const idToken = await tokenFor(env.app, 'office-olu'); // a token the local API accepts, standing in for Cognito's ID token
    let authorize: URL | undefined;
    let exchange: URLSearchParams | undefined;
    await context.route(`${DOMAIN}/oauth2/authorize**`, async (route) => {
      authorize = new URL(route.request().url());
      await route.fulfill({ contentType: 'text/html', body: '<html lang="en"><title>Cognito</title><h1>Sign in</h1></html>' });
    });
    await context.route(`${DOMAIN}/oauth2/token`, async (route) => {
      exchange = new URLSearchParams(route.request().postData() ?? '');
      await route.fulfill({ json: { id_token: idToken, access_token: 'a', token_type: 'Bearer', expires_in: 3600 }, headers: { 'access-control-allow-origin': '*' } });
    });
    const page = await context.newPage();
    await page.goto('/?next=%2Fboard.html');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${DOMAIN}/oauth2/authorize**`);

    expect(authorize!.searchParams.get('response_type')).toBe('code');
    expect(authorize!.searchParams.get('client_id')).toBe('client-123');
    expect(authorize!.searchParams.get('redirect_uri')).toBe(`${env.app.url}/signed-in.html`);
    expect(authorize!.searchParams.get('code_challenge_method')).toBe('S256');
    const challenge = authorize!.searchParams.get('code_challenge')!;
    const state = authorize!.searchParams.get('state')!;
    expect(challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);

    // Cognito sends the browser back with a code and the state.
    await page.goto(`/signed-in.html?code=the-code&state=${state}`);
    await page.waitForURL(/\/board\.html$/);
    expect(exchange!.get('grant_type')).toBe('authorization_code');
    expect(exchange!.get('code')).toBe('the-code');
    expect(exchange!.get('client_id')).toBe('client-123');
    expect(base64url(createHash('sha256').update(exchange!.get('code_verifier')!).digest())).toBe(challenge);
    await expect.poll(() => page.getByRole('banner').textContent()).toContain('Olu Office');
    await context.close();
  });

  it('refuses a return whose state this browser did not send, and signs nobody in', async () => {
    const context = await deployedContext();
    let exchanged = false;
    await context.route(`${DOMAIN}/oauth2/token`, async (route) => {
      exchanged = true;
      await route.abort();
    });
    const page = await context.newPage();
    await page.goto('/signed-in.html?code=stolen&state=forged');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Sign-in did not finish');
    expect(await page.textContent('main')).toContain('This sign-in was not started here');
    expect(exchanged).toBe(false);
    expect(await page.evaluate(() => localStorage.getItem('home-visits.session'))).toBeNull();
    await context.close();
  });

  it('keeps the person signed in: a token near its end is refreshed with the refresh token before the API is called, and the API (another origin, as on AWS) tells the page the time', async () => {
    const API = 'https://api.hv-test.example';
    const context = await env.browser.newContext({ baseURL: env.app.url, bypassCSP: true });
    await context.route('**/config.json', (route: Route) =>
      route.fulfill({ json: { apiUrl: API, auth: { kind: 'cognito', domain: DOMAIN, clientId: 'client-123', redirectUri: `${env.app.url}/signed-in.html`, logoutUri: `${env.app.url}/` } } }),
    );
    // The API on its own origin: what reaches it is sent on to the local runtime, answered with CORS as API Gateway's would be.
    const apiPaths: string[] = [];
    await context.route(`${API}/**`, async (route) => {
      const url = new URL(route.request().url());
      apiPaths.push(`${route.request().method()} ${url.pathname} ${route.request().headers().authorization?.split(' ')[1]?.slice(-12) ?? '-'}`);
      if (route.request().method() === 'OPTIONS') {
        return route.fulfill({ status: 204, headers: { 'access-control-allow-origin': env.app.url, 'access-control-allow-headers': 'authorization, content-type, idempotency-key, x-claimed-at, x-acting-role', 'access-control-allow-methods': 'GET, POST' } });
      }
      // A poll still in flight when the test closes its context has nowhere to go: dropped, not thrown.
      const answer = await route.fetch({ url: `${env.app.url}${url.pathname}${url.search}` }).catch(() => undefined);
      if (!answer) return;
      return route.fulfill({ response: answer, headers: { ...answer.headers(), 'access-control-allow-origin': env.app.url } }).catch(() => undefined);
    });
    const lapsing = await tokenFor(env.app, 'office-olu');
    const renewed = await tokenFor(env.app, 'office-olu');
    let refresh: URLSearchParams | undefined;
    await context.route(`${DOMAIN}/oauth2/token`, async (route) => {
      refresh = new URLSearchParams(route.request().postData() ?? '');
      await route.fulfill({ json: { id_token: renewed, access_token: 'a', token_type: 'Bearer', expires_in: 3600 }, headers: { 'access-control-allow-origin': '*' } });
    });
    // Signed in an hour ago: the ID token has a minute left.
    await context.addInitScript((token: string) => {
      const payload = JSON.parse(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as Record<string, unknown>;
      const session = { token, user: { userId: payload.sub, name: payload.name, groups: String(payload['cognito:groups']).split(',') }, expiresAt: Date.now() + 60_000, refreshToken: 'refresh-1' };
      if (!localStorage.getItem('home-visits.session')) localStorage.setItem('home-visits.session', JSON.stringify(session));
    }, lapsing);
    const page = await context.newPage();
    await page.goto('/board.html');
    await expect.poll(() => page.getByRole('banner').textContent()).toContain('Olu Office');
    await expect.poll(() => apiPaths.some((line) => line.startsWith('GET /visits '))).toBe(true);

    expect(Object.fromEntries(refresh!)).toEqual({ grant_type: 'refresh_token', client_id: 'client-123', refresh_token: 'refresh-1' });
    const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('home-visits.session')!) as { token: string; refreshToken: string });
    expect(stored).toMatchObject({ token: renewed, refreshToken: 'refresh-1' });
    // Every API call carried the renewed token, never the one about to lapse; the clock was read from the API's origin.
    const calls = apiPaths.filter((line) => !line.startsWith('OPTIONS'));
    expect(calls.filter((line) => line.startsWith('GET /visits ')).every((line) => line.endsWith(renewed.slice(-12)))).toBe(true);
    await expect.poll(() => apiPaths.some((line) => line.startsWith('GET /health '))).toBe(true);
    await context.close();
  });
});
