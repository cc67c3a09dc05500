import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectAccessible, PHONE, screenshot, SCREENSHOTS, signedInContext, withAppAndBrowser } from '../support/browser';
import { as, readyVisit } from './staff-visits';

/**
 * No dead zones (issue 20, item 5): a step pressed without signal moves the screen on, marked not
 * sent yet, with the banner that says so in view, and cannot be sent twice; every step the stage
 * offers can be pressed offline, going in too. At time scale 1, so no deadline moves the visit on
 * while the phone is out of signal.
 */
const env = withAppAndBrowser({ timeScale: 1 });

/** A Hunsbury Park visit Alice is on, moved by her over the API through `steps` (bin/demo.ts's order). */
async function visitAfter(steps: readonly string[]): Promise<string> {
  const visitId = `dead-zone-${randomUUID().slice(0, 8)}`;
  await readyVisit(env.app, visitId);
  const alice = await as(env.app, 'staff-alice');
  for (const step of steps) {
    const reply = await alice.post(`/visits/${visitId}/${step}`, {});
    if (reply.status !== 200) throw new Error(`${step}: HTTP ${reply.status} ${JSON.stringify(reply.body)}`);
  }
  return visitId;
}

async function eventTypes(visitId: string): Promise<string[]> {
  const reply = await (await as(env.app, 'auditor-ari')).get(`/visits/${visitId}/history`);
  return (reply.body as { events: Array<{ type: string }> }).events.map((event) => event.type);
}

/** Alice's phone, open on the visit, the step's big button on screen. */
async function openVisit(visitId: string, waitFor: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await signedInContext(env.browser, env.app, 'staff-alice', PHONE);
  context.setDefaultTimeout(20_000);
  const page = await context.newPage();
  await page.goto(`/staff.html#visit/${encodeURIComponent(visitId)}`);
  await primary(page, waitFor).waitFor();
  return { context, page };
}

const primary = (page: Page, name: string) => page.locator('.hv-primary', { hasText: name });
const queue = (page: Page) => page.getByRole('region', { name: 'Not sent yet' });
const stage = (page: Page) => page.locator('.hv-stage');

/** True when the whole of `locator` is on screen (to the pixel), above the panic bar fixed at the bottom. */
async function inView(page: Page, locator: ReturnType<Page['locator']>): Promise<boolean> {
  const box = await locator.boundingBox();
  const panic = await page.locator('.hv-panic').boundingBox();
  return Boolean(box && panic && box.y >= -1 && box.y + box.height <= panic.y);
}

/** Fills "Going in" as Alice would at Pat's door: Pat, invited in, no animals; then scrolls to its button and presses it. */
async function goIn(page: Page): Promise<void> {
  await primary(page, 'Going in').click();
  await page.getByLabel('Person 1: name').fill('Pat Parent');
  await page.getByLabel('Person 1: who they are').selectOption('parent');
  await page.getByRole('group', { name: 'Were you invited in?' }).getByLabel('Yes').check();
  await page.getByLabel('No animals').check();
  await page.getByRole('button', { name: 'Go in', exact: true }).click();
}

describe('a step pressed without signal', () => {
  it('moves the screen on, marked not sent yet, and is sent once however often it is pressed', async () => {
    const visitId = await visitAfter(['depart']);
    const { context, page } = await openVisit(visitId, 'I have arrived');
    const arrivals: string[] = [];
    context.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith('/arrive')) arrivals.push(request.headers()['idempotency-key'] ?? '');
    });

    // A second tab on the same phone that does not hear the first at once (a browser without BroadcastChannel): it still offers the step.
    const other = await context.newPage();
    await other.addInitScript(() => Reflect.deleteProperty(globalThis, 'BroadcastChannel'));
    await other.goto(`/staff.html#visit/${encodeURIComponent(visitId)}`);
    await primary(other, 'I have arrived').waitFor();

    await context.setOffline(true);
    await primary(page, 'I have arrived').click();
    // The screen moved on: at the door, its buttons, marked as not sent yet; the step pressed is gone.
    await primary(page, 'Going in').waitFor();
    await expect.poll(() => stage(page).textContent()).toBe('At the doorNot sent yet');
    expect(await page.getByRole('button', { name: 'I have arrived' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'The family came to the door' }).count()).toBe(1);
    await expect.poll(() => queue(page).textContent()).toContain('Not sent yet: 1 action (At the door at');
    await screenshot(page, 'dead-zone-arrived-queued-360');
    await expectAccessible(page);

    // Pressed again in the other tab: the same press, still one action waiting, and that tab moves on too.
    await primary(other, 'I have arrived').click();
    await primary(other, 'Going in').waitFor();
    await expect.poll(() => queue(other).textContent()).toContain('Not sent yet: 1 action (At the door at');
    await other.close();

    await context.setOffline(false);
    await queue(page).waitFor({ state: 'detached' });
    await expect.poll(() => stage(page).textContent()).toBe('At the door');
    expect(await eventTypes(visitId)).toContain('Arrived');
    expect((await eventTypes(visitId)).filter((type) => type === 'Arrived')).toHaveLength(1);
    expect(new Set(arrivals).size).toBe(1);
    expect(await page.getByText('Not accepted').count()).toBe(0);
    await context.close();
  });

  it('every step on from the road can be pressed offline, "Going in" too, the banner in view on the moved-on screen; all delivered in order once back', async () => {
    const visitId = await visitAfter(['depart']);
    const { context, page } = await openVisit(visitId, 'I have arrived');

    // Out of signal from the road to the door: arriving, then going in, both kept on the phone.
    await context.setOffline(true);
    await primary(page, 'I have arrived').click();
    await goIn(page);
    await primary(page, 'Check in').waitFor();
    await expect.poll(() => stage(page).textContent()).toBe('In the homeNot sent yet');
    await expect.poll(() => queue(page).getByRole('listitem').allTextContents()).toEqual([expect.stringMatching(/^At the door at /), expect.stringMatching(/^Go in at /)]);
    // Pressed at the bottom of a long form: the banner is brought into view, and focus with it.
    expect(await inView(page, queue(page))).toBe(true);
    expect(await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { id?: string; getAttribute(name: string): string | null } | null } }).document.activeElement?.getAttribute('aria-labelledby'))).toBe('hv-outbox-title');
    await screenshot(page, 'dead-zone-went-in-queued-360');
    await page.screenshot({ path: join(SCREENSHOTS, 'dead-zone-went-in-queued-360-viewport.png') }); // what the person sees

    // The next step, pressed offline too, waits behind it.
    await primary(page, 'Check in').click();
    await page.getByRole('button', { name: 'Check in', exact: true }).click();
    await primary(page, 'I am leaving the home').waitFor();
    await expect.poll(() => queue(page).getByRole('listitem').allTextContents()).toEqual([expect.stringMatching(/^At the door at /), expect.stringMatching(/^Go in at /), expect.stringMatching(/^Check in at /)]);

    await context.setOffline(false);
    await queue(page).waitFor({ state: 'detached' });
    await expect.poll(() => stage(page).textContent()).toBe('In the home');
    const types = await eventTypes(visitId);
    expect(types.filter((type) => type === 'Entered')).toHaveLength(1);
    expect(types.indexOf('Entered')).toBeGreaterThan(types.indexOf('Arrived'));
    expect(types.indexOf('CheckedIn')).toBeGreaterThan(types.indexOf('Entered'));
    expect(await primary(page, 'I am leaving the home').count()).toBe(1);
    await context.close();
  });
});
