import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectAccessible, PHONE, screenshot, signedInContext, withAppAndBrowser } from '../support/browser';
import { eventually } from '../support/eventually';
import { alertsFor, as, hold, outboxLines, panicButton, readyVisit } from './staff-visits';

/**
 * Panic on the staff page: held for 1.5 s it reaches the alerts outbox (what the office and the
 * police contact read); a tap, or a hold let go early, sends nothing and says so. At 30× the visit
 * stays out long enough (a 2-hour check-in is 4 minutes of real time) for nothing else to alert.
 */
const env = withAppAndBrowser({ timeScale: 30 });

/** A visit Alice has set off on, open on her phone. */
async function visitUnderWay(name: string): Promise<{ visitId: string; page: Page; close: () => Promise<void> }> {
  const visitId = `${name}-${Date.now().toString(36)}`;
  await readyVisit(env.app, visitId);
  const alice = await as(env.app, 'staff-alice');
  expect((await alice.post(`/visits/${visitId}/depart`, {})).status).toBe(200);
  const context = await signedInContext(env.browser, env.app, 'staff-alice', PHONE);
  context.setDefaultTimeout(20_000);
  // A page waits while the runtime rebuilds web/ if it changed since the test began.
  context.setDefaultNavigationTimeout(90_000);
  const page = await context.newPage();
  // Each test's visit ends with it, so the next test's list has one visit under way.
  const close = async () => {
    await context.close();
    expect((await alice.post(`/visits/${visitId}/cancel`, { reason: 'other', detail: 'The test is over.' })).status).toBe(200);
    expect((await alice.post(`/visits/${visitId}/return`, {})).status).toBe(200);
  };
  return { visitId, page, close };
}

const allPanics = async () => (await outboxLines(env.app)).filter((line) => line.kind === 'panic').length;

const panicsRecorded = async (visitId: string): Promise<number> => {
  const dsl = await as(env.app, 'dsl-dev');
  const { body } = await dsl.get(`/visits/${visitId}`);
  return (body.visit.alerts as Array<{ kind: string }>).filter((alert) => alert.kind === 'panic').length;
};

describe('panic on the staff page', () => {
  it('a tap sends nothing, and says to keep holding', async () => {
    // prepare
    const { visitId, page, close } = await visitUnderWay('panic-tap');
    await page.goto(`/staff.html#visit/${visitId}`);
    await page.locator('.hv-primary', { hasText: 'I have arrived' }).waitFor();

    // act: a 200 ms tap
    await hold(page, 200);

    // assess: told, and nothing recorded or published after a few seconds
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Keep holding to send' }).count()).toBe(1);
    await screenshot(page, 'panic-1-tapped-360');
    await expectAccessible(page);
    await page.waitForTimeout(4_000);
    expect(await panicsRecorded(visitId)).toBe(0);
    expect(await alertsFor(env.app, visitId, 'panic')).toEqual([]);
    expect(await page.getByText('The office has been alerted').count()).toBe(0);
    await close();
  }, 120_000);

  it('a finger slid off the button while holding sends nothing, however long it is held', async () => {
    // prepare
    const { visitId, page, close } = await visitUnderWay('panic-slide');
    await page.goto(`/staff.html#visit/${visitId}`);
    await page.locator('.hv-primary', { hasText: 'I have arrived' }).waitFor();

    // act: pressed, slid up off the button, held there past 1.5 s, let go
    await hold(page, 1_700, async () => {
      const box = (await panicButton(page).boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y - 150, { steps: 5 });
    });

    // assess
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Keep holding to send' }).count()).toBe(1);
    await page.waitForTimeout(2_000);
    expect(await panicsRecorded(visitId)).toBe(0);
    expect(await alertsFor(env.app, visitId, 'panic')).toEqual([]);
    await close();
  }, 120_000);

  it('held for 1.7 s, the alert reaches the outbox and the page says the office was alerted, then who has it once they say so', async () => {
    // prepare
    const { visitId, page, close } = await visitUnderWay('panic-hold');
    await page.goto(`/staff.html#visit/${visitId}`);
    await page.locator('.hv-primary', { hasText: 'I have arrived' }).waitFor();

    // act: hold, looking at the filling bar on the way
    await hold(page, 1_700, async () => {
      await page.waitForTimeout(600);
      await page.screenshot({ path: 'test-results/screenshots/panic-2-holding-360.png' });
    });

    // assess
    await page.getByRole('alert').filter({ hasText: 'The office has been alerted' }).waitFor();
    const [alert] = await eventually('the panic alert in the outbox', () => alertsFor(env.app, visitId, 'panic').then((lines) => lines.length > 0 && lines), { timeoutMs: 15_000, everyMs: 200 });
    expect(alert).toMatchObject({ kind: 'panic', severity: 'critical', visitId });
    expect(await panicsRecorded(visitId)).toBe(1);
    await screenshot(page, 'panic-3-sent-360');
    await expectAccessible(page);
    // Nobody has said "I have it" yet: the phone promises no more than that.
    expect(await page.getByText('has your alert').count()).toBe(0);

    // act: the office acknowledges it
    const office = await as(env.app, 'office-olu');
    const { body } = await (await as(env.app, 'dsl-dev')).get(`/visits/${visitId}`);
    const panicId = (body.visit.alerts as Array<{ kind: string; alertId: string }>).find((open) => open.kind === 'panic')!.alertId;
    expect((await office.post(`/visits/${visitId}/acknowledge`, { alertId: panicId })).status).toBe(200);

    // assess: the phone says who has it
    await page.getByRole('heading', { name: 'The office has your alert: Olu Office has it' }).waitFor();
    await page.getByRole('status').filter({ hasText: 'The office has your alert: Olu Office has it.' }).waitFor();
    await screenshot(page, 'panic-4-acknowledged-360');
    await close();
  }, 120_000);

  it('from the list, Space held as long sends it for the visit under way', async () => {
    // prepare
    const { visitId, page, close } = await visitUnderWay('panic-keys');
    await page.goto('/staff.html');
    await page.getByRole('link', { name: /On your way/ }).waitFor();

    // act: the keyboard, on the list
    await panicButton(page).focus();
    await page.keyboard.down('Space');
    await page.waitForTimeout(1_700);
    await page.keyboard.up('Space');

    // assess
    await page.getByRole('alert').filter({ hasText: 'The office has been alerted' }).waitFor();
    await eventually('the panic alert in the outbox', () => alertsFor(env.app, visitId, 'panic').then((lines) => lines.length === 1), { timeoutMs: 15_000, everyMs: 200 });
    await close();
  }, 120_000);

  it('with no visit under way, it sends nothing and says to call 999', async () => {
    // prepare: Bob has no visit
    const context = await signedInContext(env.browser, env.app, 'staff-bob', PHONE);
    context.setDefaultTimeout(20_000);
    // A page waits while the runtime rebuilds web/ if it changed since the test began.
    context.setDefaultNavigationTimeout(90_000);
    const page = await context.newPage();
    await page.goto('/staff.html');
    await page.getByText('You have no visits today.').waitFor();
    const before = await allPanics();

    // act
    await hold(page, 1_700);

    // assess
    const told = page.getByRole('alert').filter({ hasText: 'You have no visit under way: call 999' });
    await told.waitFor();
    expect(await told.getByRole('link', { name: 'Call 999' }).getAttribute('href')).toBe('tel:999');
    await page.waitForTimeout(2_000);
    expect(await allPanics()).toBe(before);
    await screenshot(page, 'panic-4-no-visit-360');
    await expectAccessible(page);
    await context.close();
  }, 120_000);
});
