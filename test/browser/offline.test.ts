import { randomUUID } from 'node:crypto';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ApiClient, type Reply } from '../../bin/client/api-client';
import { expectAccessible, PHONE, screenshot, signedInContext, tokenFor, withAppAndBrowser } from '../support/browser';
import { eventually } from '../support/eventually';
import { ALICE, BOB, hold, readyVisit } from './staff-visits';

/**
 * The staff page in a dead zone: what a member of staff presses offline waits on the phone and
 * reaches the API once, at the time it was pressed; the page itself opens with no network after one
 * online visit. At time scale 1, so a claimed time can be checked to the second.
 */
const env = withAppAndBrowser({ timeScale: 1 });

const as = async (userId: string) => new ApiClient(env.app.url, await tokenFor(env.app, userId));

function must(step: string, reply: Reply): Reply {
  if (reply.status >= 300) throw new Error(`${step}: HTTP ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply;
}

/** A Hunsbury Park visit with Alice and Bob on their way (bin/demo.ts's order): the office asks, the DSL authorises, Alice sets off. */
async function visitUnderWay(): Promise<string> {
  const visitId = `offline-${randomUUID().slice(0, 8)}`;
  await readyVisit(env.app, visitId, { staff: [ALICE, BOB] });
  must('depart', await (await as('staff-alice')).post(`/visits/${visitId}/depart`, {}));
  return visitId;
}

interface HistoryEvent {
  readonly version: number;
  readonly type: string;
  readonly actor: string;
  readonly recordedAt: string;
  readonly claimedAt?: string;
  readonly commandId: string;
}

async function eventsOf(visitId: string): Promise<HistoryEvent[]> {
  const auditor = await as('auditor-ari');
  return (must('history', await auditor.get(`/visits/${visitId}/history`)).body as { events: HistoryEvent[] }).events;
}

async function checkIns(visitId: string): Promise<HistoryEvent[]> {
  return (await eventsOf(visitId)).filter((event) => event.type === 'CheckedIn');
}

/** The server's clock now, read the way the page reads it. */
async function serverNow(): Promise<number> {
  const before = Date.now();
  const health = (await (await fetch(`${env.app.url}/health`)).json()) as { now: string };
  return Date.parse(health.now) + (Date.now() - before) / 2;
}

/** Opens the visit on Alice's phone and presses "Check in" (the form, then its button); the server's time of the press. */
async function pressCheckIn(page: Page): Promise<{ pressedAt: number }> {
  await page.getByRole('button', { name: 'Check in', exact: true }).click();
  await page.getByRole('heading', { name: 'Check in with the office' }).waitFor();
  const offset = (await serverNow()) - Date.now();
  const before = Date.now();
  await page.getByRole('button', { name: 'Check in', exact: true }).click();
  return { pressedAt: (before + Date.now()) / 2 + offset };
}

async function openVisit(context: BrowserContext, visitId: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`/staff.html#visit/${encodeURIComponent(visitId)}`);
  await page.getByRole('button', { name: 'Check in', exact: true }).waitFor();
  return page;
}

/** The page's globals these steps read (the tests are type-checked against Node's lib, which has no DOM). */
interface InBrowser {
  readonly navigator: { readonly serviceWorker: { readonly ready: Promise<unknown>; readonly controller: { readonly state: string } | null } };
  readonly caches: { keys(): Promise<string[]>; open(name: string): Promise<{ keys(): Promise<ReadonlyArray<{ readonly url: string }>> }> };
}

/** The queue's banner: "Not sent yet…". */
const queue = (page: Page) => page.getByRole('region', { name: 'Not sent yet' });

/** Signs another demo user in on this phone (what the sign-in page stores). */
async function signInOnPhone(page: Page, userId: string): Promise<void> {
  const token = await tokenFor(env.app, userId);
  await page.evaluate((value: string) => {
    const payload = JSON.parse(atob(value.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as Record<string, unknown>;
    const groups = payload['cognito:groups'];
    const session = { token: value, user: { userId: payload.sub, name: payload.name, groups: Array.isArray(groups) ? groups : String(groups).split(',') }, expiresAt: Number(payload.exp) * 1000 };
    localStorage.setItem('home-visits.session', JSON.stringify(session));
  }, token);
}

describe('the staff page offline', () => {
  it('a check-in pressed offline waits on the phone, then lands once, claimed at the moment it was pressed', async () => {
    const visitId = await visitUnderWay();
    const context = await signedInContext(env.browser, env.app, 'staff-alice', PHONE);
    const page = await openVisit(context, visitId);

    await context.setOffline(true);
    const { pressedAt } = await pressCheckIn(page);
    await expect.poll(() => queue(page).textContent()).toMatch(/Not sent yet: 1 action \(Check in at \d\d:\d\d\)\s*It will be sent when you are back online\./);
    await screenshot(page, 'offline-queued-360');
    await expectAccessible(page);
    expect(await checkIns(visitId)).toEqual([]);

    await new Promise((resolve) => setTimeout(resolve, 3_000)); // out of signal for a while
    await context.setOffline(false);
    await queue(page).waitFor({ state: 'detached' });

    const landed = await eventually('the check-in recorded', async () => {
      const events = await checkIns(visitId);
      return events.length > 0 && events;
    });
    expect(landed).toHaveLength(1);
    const [checkIn] = landed;
    expect(checkIn!.actor).toBe('staff-alice');
    // Claimed: when the button was pressed (to the second), not when it was sent three seconds later.
    expect(Math.abs(Date.parse(checkIn!.claimedAt!) - pressedAt)).toBeLessThan(1_000);
    expect(Date.parse(checkIn!.recordedAt) - Date.parse(checkIn!.claimedAt!)).toBeGreaterThan(2_500);
    await screenshot(page, 'offline-sent-360');
    await context.close();
  });

  it('a call for help pressed without signal says so, and once it is delivered the page says the office was alerted', async () => {
    const visitId = await visitUnderWay();
    const context = await signedInContext(env.browser, env.app, 'staff-alice', PHONE);
    const page = await openVisit(context, visitId);

    await context.setOffline(true);
    await hold(page, 1_700);
    await page.getByRole('heading', { name: 'Not sent yet: call 999 if you can' }).waitFor();

    await context.setOffline(false);
    await page.getByRole('heading', { name: /The office has been alerted/ }).waitFor();
    expect(await page.getByRole('heading', { name: 'Not sent yet: call 999 if you can' }).count()).toBe(0);
    expect((await eventsOf(visitId)).filter((event) => event.type === 'PanicRaised')).toHaveLength(1);
    await context.close();
  });

  it('sending again after a lost answer writes nothing twice: the same key, one CheckedIn', async () => {
    const visitId = await visitUnderWay();
    const context = await signedInContext(env.browser, env.app, 'staff-alice', PHONE);
    const sent: Array<{ key: string | undefined; claimedAt: string | undefined }> = [];
    // The first attempt reaches the server, which records it; its answer is lost on the way back.
    await context.route('**/visits/*/check-in', async (route) => {
      const headers = route.request().headers();
      sent.push({ key: headers['idempotency-key'], claimedAt: headers['x-claimed-at'] });
      if (sent.length === 1) {
        const answer = await route.fetch();
        expect(answer.status()).toBe(200);
        await route.abort('connectionreset');
      } else await route.continue();
    });
    const page = await openVisit(context, visitId);

    await pressCheckIn(page);
    await expect.poll(() => queue(page).textContent()).toContain('Not sent yet: 1 action (Check in at');
    expect(await checkIns(visitId)).toHaveLength(1); // recorded, though the phone never heard

    await queue(page).getByRole('button', { name: 'Send now' }).click();
    await queue(page).waitFor({ state: 'detached' });

    expect(sent).toHaveLength(2);
    // The same key; sent as pressed it claimed no other time, sent from the queue it claims the press.
    expect(sent[1]!.key).toBe(sent[0]!.key);
    expect(sent[0]!.key).toMatch(/^[0-9a-f-]{36}$/);
    expect(sent[0]!.claimedAt).toBeUndefined();
    expect(sent[1]!.claimedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(await checkIns(visitId)).toHaveLength(1);
    await context.close();
  });

  it('an action pressed while older ones are still being sent goes after them, in the order pressed', async () => {
    const visitId = await visitUnderWay();
    const context = await signedInContext(env.browser, env.app, 'staff-alice', PHONE);
    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    // The arrival, sent from the queue, is slow to get through.
    await context.route('**/visits/*/arrive', async (route) => {
      await released;
      await route.continue();
    });
    const page = await openVisit(context, visitId);
    await context.setOffline(true);
    await page.getByRole('button', { name: 'I have arrived' }).click();
    await queue(page).waitFor();

    await context.setOffline(false); // the arrival is on its way…
    await pressCheckIn(page); // …when the check-in is pressed
    await expect.poll(() => queue(page).getByRole('listitem').allTextContents()).toEqual([expect.stringMatching(/^At the door at /), expect.stringMatching(/^Check in at /)]);
    release();
    await queue(page).waitFor({ state: 'detached' });

    const types = (await eventsOf(visitId)).map((event) => event.type);
    expect(types.indexOf('Arrived')).toBeGreaterThan(-1);
    expect(types.indexOf('CheckedIn')).toBeGreaterThan(types.indexOf('Arrived'));
    await context.close();
  });

  it('two tabs coming back online at once send a waiting action once', async () => {
    const visitId = await visitUnderWay();
    const context = await signedInContext(env.browser, env.app, 'staff-alice', PHONE);
    const posts: string[] = [];
    context.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith('/check-in')) posts.push(request.headers()['idempotency-key'] ?? '');
    });
    const [first, second] = [await openVisit(context, visitId), await openVisit(context, visitId)];
    await context.setOffline(true);
    await pressCheckIn(first);
    await queue(second).waitFor(); // the other tab hears of it at once

    await context.setOffline(false); // both flush
    await Promise.all([queue(first).waitFor({ state: 'detached' }), queue(second).waitFor({ state: 'detached' })]);
    expect(await checkIns(visitId)).toHaveLength(1);
    expect(posts.filter((key) => key !== '')).toHaveLength(1);
    await context.close();
  });

  it('only the person who pressed it sends it: someone else signed in on the phone is told, and sends nothing', async () => {
    const visitId = await visitUnderWay();
    const context = await signedInContext(env.browser, env.app, 'staff-alice', PHONE);
    const page = await openVisit(context, visitId);
    await context.setOffline(true);
    await pressCheckIn(page);
    await queue(page).waitFor();

    await signInOnPhone(page, 'staff-bob');
    await context.setOffline(false);
    await page.reload();
    const others = page.getByText(/1 action pressed on this phone by Alice Officer is not sent yet/);
    await others.waitFor();
    await expect.poll(() => page.getByRole('banner').textContent()).toContain('Bob Worker');
    await screenshot(page, 'offline-someone-elses-360');
    await expectAccessible(page);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await checkIns(visitId)).toEqual([]);

    await signInOnPhone(page, 'staff-alice');
    await page.reload();
    await eventually('Alice’s check-in sent once she is back', async () => (await checkIns(visitId)).length === 1);
    await others.waitFor({ state: 'detached' });
    await context.close();
  });

  it('shows what the server did not accept, in its words, instead of dropping it', async () => {
    const visitId = await visitUnderWay();
    const context = await signedInContext(env.browser, env.app, 'staff-alice', PHONE);
    const page = await openVisit(context, visitId);
    await context.setOffline(true);
    await pressCheckIn(page);
    await queue(page).waitFor();
    // While the phone was out of signal the office cancelled the visit and Alice told them (by phone) she was back: a check-in can no longer be taken.
    must('cancel', await (await as('office-olu')).post(`/visits/${visitId}/cancel`, { reason: 'family-declined', detail: 'The parent phoned to say not today.' }));
    must('back safely', await (await as('staff-alice')).post(`/visits/${visitId}/return`, {}));

    await context.setOffline(false);
    const refused = page.getByText(/Not accepted: Check in at \d\d:\d\d\./);
    await refused.waitFor();
    await queue(page).waitFor({ state: 'detached' });
    await screenshot(page, 'offline-not-accepted-360');
    await expectAccessible(page);

    await page.getByRole('button', { name: /I have read this/ }).click();
    await refused.waitFor({ state: 'detached' });
    await context.close();
  });
});

describe('the installable app', () => {
  it('has a manifest that installs it: name, start page, standalone, icons that load', async () => {
    const staff = await (await fetch(`${env.app.url}/staff.html`)).text();
    expect(staff).toContain('<link rel="manifest" href="/manifest.webmanifest"');
    const response = await fetch(`${env.app.url}/manifest.webmanifest`);
    expect(response.headers.get('content-type')).toBe('application/manifest+json');
    const manifest = (await response.json()) as { name: string; start_url: string; display: string; icons: Array<{ src: string; sizes: string; type: string; purpose: string }> };
    expect(manifest).toMatchObject({ name: 'Home visits', start_url: '/staff.html', display: 'standalone' });
    expect(manifest.icons.map((icon) => `${icon.sizes} ${icon.type} ${icon.purpose}`)).toEqual([
      'any image/svg+xml any',
      '192x192 image/png any',
      '512x512 image/png any',
      '512x512 image/png maskable',
    ]);
    for (const icon of manifest.icons) {
      const image = await fetch(`${env.app.url}${icon.src}`);
      expect(image.headers.get('content-type')).toBe(icon.type);
      const bytes = Buffer.from(await image.arrayBuffer());
      if (icon.type === 'image/png') expect(`${bytes.readUInt32BE(16)}x${bytes.readUInt32BE(20)}`).toBe(icon.sizes); // the PNG header's width and height
    }
  });

  it('opens the staff page with the network off after one visit online, and never answers the API from its cache', async () => {
    const context = await signedInContext(env.browser, env.app, 'staff-alice', PHONE);
    const page = await context.newPage();
    await page.goto('/staff.html');
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.evaluate(async () => {
      await (globalThis as unknown as InBrowser).navigator.serviceWorker.ready;
    });
    // Active, and in charge of this page (clientsClaim): its precache is complete.
    await expect.poll(() => page.evaluate(() => (globalThis as unknown as InBrowser).navigator.serviceWorker.controller?.state)).toBe('activated');
    const precached = await page.evaluate(async () => {
      const { caches } = globalThis as unknown as InBrowser;
      const names = await caches.keys();
      return (await Promise.all(names.map(async (name) => (await (await caches.open(name)).keys()).map((request) => new URL(request.url).pathname)))).flat();
    });
    expect(precached).toEqual(expect.arrayContaining(['/staff.html', '/manifest.webmanifest', '/icon-192.png', '/icon-512.png', '/icon.svg']));
    expect(precached.some((path) => /^\/assets\/staff-.*\.js$/.test(path))).toBe(true);
    expect(precached.some((path) => /^\/assets\/.*\.css$/.test(path))).toBe(true);
    expect(precached.filter((path) => !/\.(html|js|css|png|svg|webmanifest)$/.test(path))).toEqual([]);

    await context.setOffline(true);
    await page.reload();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('My visits today');
    expect(await page.evaluate(() => (globalThis as unknown as InBrowser).navigator.serviceWorker.controller !== null)).toBe(true);
    // The API is the network's or nothing: offline, it fails; it is never served stale.
    expect(await page.evaluate(() => fetch('/me/visits').then((response) => `HTTP ${response.status}`, () => 'no answer'))).toBe('no answer');
    await screenshot(page, 'offline-shell-360');
    await context.close();
  });
});
