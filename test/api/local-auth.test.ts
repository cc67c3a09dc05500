import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalAuth, generateStoredKey, keyFile, type LocalAuth } from '../../local/auth';
import { apiEvent } from '../support/api-events';
import { driveVisit, startApiHarness, type ApiHarness } from '../support/api-harness';
import requestFixture from '../fixtures/visit-request.json';

let h: ApiHarness;
let auth: LocalAuth;
let dataDir: string;
beforeAll(async () => {
  h = await startApiHarness();
  dataDir = await mkdtemp(join(tmpdir(), 'home-visits-auth-'));
  auth = await createLocalAuth({ dataDir });
});
afterAll(async () => {
  await h.stop();
  await rm(dataDir, { recursive: true, force: true });
});

/** An HTTP request as the local server would turn it into an event: headers only, no authorizer yet. */
const bearer = (token: string, method: 'GET' | 'POST', path: string, body?: unknown) =>
  apiEvent({ method, path, body, claims: null, headers: { Authorization: `Bearer ${token}` } });

describe('local auth', () => {
  it('has the demo users the fixtures name, one per role at least', () => {
    const ids = auth.users.map((user) => user.userId);
    for (const member of requestFixture.staff) expect(ids).toContain(member.userId);
    const groups = new Set(auth.users.flatMap((user) => user.groups));
    expect([...groups].sort()).toEqual(['admin', 'auditor', 'dsl', 'headteacher', 'office', 'slt', 'staff']);
  });

  it('turns a bearer token into the claims API Gateway would pass, so the API handlers are the same', async () => {
    const visitId = await driveVisit(h, 'requested');
    const token = await auth.tokenFor('staff-alice');

    const event = await auth.authorize(bearer(token, 'GET', `/visits/${visitId}`));
    const reply = await h.api.route(event);

    expect(event.requestContext.authorizer?.claims).toMatchObject({ sub: 'staff-alice', 'cognito:groups': 'staff' });
    expect(Object.values(event.requestContext.authorizer?.claims ?? {}).every((value) => typeof value === 'string')).toBe(true);
    expect(reply.statusCode).toBe(200);
  });

  it('finds a user by role for `npm run token -- dsl`', async () => {
    const claims = await auth.verify(await auth.tokenFor('dsl'));

    expect(claims).toMatchObject({ sub: 'dsl-dev', 'cognito:groups': 'dsl', iss: 'home-visits-local' });
  });

  it('gives no identity for a missing, altered, foreign or expired token: the API answers 401', async () => {
    const token = await auth.tokenFor('office');
    const [header, payload, signature] = token.split('.');
    const altered = `${header}.${Buffer.from(JSON.stringify({ sub: 'admin-ade', 'cognito:groups': ['admin'] })).toString('base64url')}.${signature}`;
    const foreign = await (await createLocalAuth({ key: await generateStoredKey() })).tokenFor('office');
    const expired = await (await createLocalAuth({ dataDir, now: () => new Date(Date.now() - 2 * 86_400_000) })).tokenFor('office', { ttlSeconds: 60 });

    for (const bad of ['', 'not-a-jwt', altered, foreign, expired, `${header}.${payload}.`]) {
      const event = await auth.authorize(bearer(bad, 'GET', '/visits?status=active'));
      expect(event.requestContext.authorizer, bad.slice(0, 20)).toBeNull();
      expect((await h.api.route(event)).statusCode).toBe(401);
    }
  });

  it('replaces whatever authorizer the incoming event carried', async () => {
    const forged = apiEvent({ method: 'GET', path: '/visits', claims: { sub: 'admin-ade', 'cognito:groups': 'admin' } });

    const event = await auth.authorize(forged);

    expect(event.requestContext.authorizer).toBeNull();
  });

  it('keeps its key under the data directory, private, and reuses it', async () => {
    const token = await auth.tokenFor('auditor');
    const again = await createLocalAuth({ dataDir });

    expect((await again.verify(token)).sub).toBe('auditor-ari');
    expect((await stat(keyFile(dataDir))).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(keyFile(dataDir), 'utf8'))).toMatchObject({ alg: 'ES256' });
  });

  it('refuses to sign for someone who is not a demo user', async () => {
    await expect(auth.tokenFor('mallory')).rejects.toThrow(/no demo user mallory/);
  });
});

describe('local sign-in through a working day (issue 20)', () => {
  it('gives new ID tokens for a refresh token after the first has lapsed, as Cognito\'s refresh grant does, on a clock the test moves', async () => {
    let now = new Date('2026-12-07T09:00:00Z');
    const clocked = await createLocalAuth({ key: await generateStoredKey(), ttlSeconds: 5, refreshTtlSeconds: 60, now: () => now });
    const first = await clocked.tokenFor('staff-alice');
    const refreshToken = await clocked.refreshTokenFor('staff-alice');

    now = new Date(now.getTime() + 6_000);
    await expect(clocked.verify(first)).rejects.toThrow(/token rejected/);
    const next = await clocked.refresh(refreshToken);
    expect((await clocked.verify(next)).sub).toBe('staff-alice');

    now = new Date(now.getTime() + 60_000);
    await expect(clocked.refresh(refreshToken)).rejects.toThrow(/refresh token rejected/);
  });

  it('never takes a refresh token as a bearer, nor an ID token as a refresh token', async () => {
    const refreshToken = await auth.refreshTokenFor('staff-alice');
    const idToken = await auth.tokenFor('staff-alice');

    expect(await auth.claimsFromHeader(`Bearer ${refreshToken}`)).toBeUndefined();
    await expect(auth.refresh(idToken)).rejects.toThrow(/refresh token rejected/);
  });
});
