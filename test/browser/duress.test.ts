import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_CHECK_IN_CODE, DEMO_DURESS_CODE } from '../../local/auth/demo-duress';
import { expectAccessible, PHONE, screenshot, signedInContext, withAppAndBrowser } from '../support/browser';
import { eventually } from '../support/eventually';
import { alertsFor, as, readyVisit, serverNow } from './staff-visits';

/**
 * Duress on the staff page: the check-in code field takes the duress code like any other, and every
 * screen after a duress check-in is the screen after an ordinary one, element for element, through
 * leaving, being back, the visit closing and the list of the day's visits, while the silent alert
 * really goes out and stays open for the office. Two twin visits, the same in all but their ids; at
 * 30× the home's 2-hour check-in is 4 minutes of real time, so nothing else falls due meanwhile.
 */
const env = withAppAndBrowser({ timeScale: 30 });

/** Twin visits by Alice, each over HTTP as far as being in the home. */
async function twinsInTheHome(): Promise<[string, string]> {
  const stamp = Date.now().toString(36);
  const twins: [string, string] = [`duress-a-${stamp}`, `duress-b-${stamp}`];
  const now = await serverNow(env.app);
  const alice = await as(env.app, 'staff-alice');
  for (const visitId of twins) {
    await readyVisit(env.app, visitId, { now });
    for (const [action, body] of [
      ['depart', {}],
      ['arrive', {}],
      ['enter', { peoplePresent: [{ name: 'Pat Parent', relationship: 'parent' }], invitedIn: true, animals: 'none' }],
    ] as const) {
      const reply = await alice.post(`/visits/${visitId}/${action}`, body);
      expect(reply.status, `${action} ${JSON.stringify(reply.body)}`).toBe(200);
    }
  }
  return twins;
}

/** Alice's phone, open on the visit. */
async function phoneOn(visitId: string): Promise<Page> {
  const context = await signedInContext(env.browser, env.app, 'staff-alice', PHONE);
  context.setDefaultTimeout(20_000);
  // A page waits while the runtime rebuilds web/ if it changed since the test began.
  context.setDefaultNavigationTimeout(90_000);
  const page = await context.newPage();
  await page.goto(`/staff.html#visit/${visitId}`);
  return page;
}

/** The screen with what differs between any two visits taken out: ids, clock times, countdowns. */
const normalised = (html: string, visitId: string) =>
  html
    .replaceAll(visitId, '<visit>')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '<instant>')
    .replace(/\b\d\d:\d\d\b/g, '<hh:mm>')
    .replace(/\d+ h \d\d min|\d+ min \d\d s/g, '<countdown>');

interface Phone {
  readonly visitId: string;
  readonly page: Page;
  readonly name: string;
}

const screenOf = async (phone: Phone) => normalised(await phone.page.locator('main').innerHTML(), phone.visitId);

/**
 * The two phones show the same screen: polled (each page polls its visit), so what is compared is what
 * the API says once it has settled; a difference that lasts fails the test with both screens shown.
 */
async function expectSameScreen(duress: Phone, ordinary: Phone, when: string): Promise<void> {
  await expect.poll(async () => (await screenOf(duress)) === (await screenOf(ordinary)), { timeout: 15_000, interval: 500, message: when }).toBe(true);
  for (const phone of [duress, ordinary]) await screenshot(phone.page, `duress-${phone.name}-${when}-360`);
  expect(await screenOf(duress), when).toBe(await screenOf(ordinary));
  await expectAccessible(duress.page);
}

async function checkIn(phone: Phone, code: string): Promise<void> {
  await phone.page.locator('.hv-primary', { hasText: 'Check in' }).click();
  await phone.page.getByLabel('Check-in code').fill(code);
  await screenshot(phone.page, `duress-${phone.name}-form-360`);
  await expectAccessible(phone.page);
  await phone.page.getByRole('button', { name: 'Check in', exact: true }).click();
  await phone.page.locator('.hv-primary', { hasText: 'I am leaving the home' }).waitFor();
  await expect.poll(() => phone.page.locator('.hv-told').textContent()).toContain('Checked in');
}

async function leave(phone: Phone): Promise<void> {
  await phone.page.locator('.hv-primary', { hasText: 'I am leaving the home' }).click();
  await phone.page.getByRole('button', { name: 'Leave the home', exact: true }).click();
  await phone.page.locator('.hv-primary', { hasText: 'I am back safely' }).waitFor();
}

async function backSafely(phone: Phone): Promise<void> {
  await phone.page.locator('.hv-primary', { hasText: 'I am back safely' }).click();
  // The workflow closes the visit and files its report; the page polls until it shows that.
  await phone.page.getByText('The visit is closed and its report is filed.').waitFor();
}

/** The visit's row on the list of the day's visits ("All my visits") open on `page`. */
async function listRow(page: Page, visitId: string): Promise<string> {
  const row = page.locator('.hv-visits li', { has: page.locator(`a[href="#visit/${visitId}"]`) });
  await row.waitFor();
  return normalised(await row.innerHTML(), visitId);
}

describe('duress on the staff page', () => {
  it('a duress check-in leaves every screen as an ordinary one does, through return, close and the list, and the silent alert goes out', async () => {
    // prepare
    const [underDuress, ordinaryVisit] = await twinsInTheHome();
    const duress: Phone = { visitId: underDuress, page: await phoneOn(underDuress), name: 'code' };
    const ordinary: Phone = { visitId: ordinaryVisit, page: await phoneOn(ordinaryVisit), name: 'ordinary' };

    // act and assess, screen by screen: checked in…
    await checkIn(duress, DEMO_DURESS_CODE);
    await checkIn(ordinary, DEMO_CHECK_IN_CODE);
    await expectSameScreen(duress, ordinary, 'after-check-in');
    expect(await duress.page.locator('main').innerHTML()).toContain('You checked in.');

    // …the silent alert went out, for that visit alone…
    const [alert] = await eventually('the duress alert in the outbox', () => alertsFor(env.app, underDuress, 'duress').then((lines) => lines.length > 0 && lines), { timeoutMs: 15_000, everyMs: 200 });
    expect(alert).toMatchObject({ kind: 'duress', severity: 'critical', visitId: underDuress });
    expect(await alertsFor(env.app, ordinaryVisit, 'duress')).toEqual([]);

    // …left the home…
    await leave(duress);
    await leave(ordinary);
    await expectSameScreen(duress, ordinary, 'after-leaving');

    // …back, and the visit closed with its report filed…
    await backSafely(duress);
    await backSafely(ordinary);
    await expectSameScreen(duress, ordinary, 'after-close');
    expect(await duress.page.locator('.hv-stage').textContent()).toBe('Finished');

    // …while the office still has the duress alert open, on the duress visit alone
    const dsl = await as(env.app, 'dsl-dev');
    const forOffice = async (visitId: string) => (await dsl.get(`/visits/${visitId}`)).body as { status: string; summary: { stage: string }; visit: { alerts: Array<{ kind: string; stage: string }> } };
    const officeDuress = await forOffice(underDuress);
    expect(officeDuress.visit.alerts.filter((open) => open.stage !== 'resolved').map((open) => open.kind)).toEqual(['duress']);
    expect(officeDuress.summary.stage).toBe('awaiting-acknowledgement');
    expect((await forOffice(ordinaryVisit)).summary.stage).toBe('finished');

    // and the list of the day's visits shows both alike
    // (one phone's list holds both rows; it reads each school's name once the list is in)
    const list = duress.page;
    await list.getByRole('link', { name: 'All my visits' }).click();
    await expect.poll(() => list.locator('.hv-visit__school', { hasText: 'Hunsbury Park Primary School' }).count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
    // The list is polled (every 5 s) from the board's projection, which follows the workflow's close a moment later.
    await expect.poll(async () => (await listRow(list, ordinaryVisit)).includes('Finished'), { timeout: 15_000 }).toBe(true);
    expect(await listRow(list, underDuress)).toBe(await listRow(list, ordinaryVisit));
    expect(await listRow(list, underDuress)).toContain('Finished');
    await screenshot(list, 'duress-list-360');
    await expectAccessible(list);

    await duress.page.context().close();
    await ordinary.page.context().close();
  }, 240_000);

  it('a call for help called off with the duress code leaves the phone as the cancel PIN does, while the office keeps it open and hears the duress', async () => {
    // prepare: twin visits in the home, a call for help held on each phone
    const [underDuress, ordinaryVisit] = await twinsInTheHome();
    const duress: Phone = { visitId: underDuress, page: await phoneOn(underDuress), name: 'cancel-code' };
    const ordinary: Phone = { visitId: ordinaryVisit, page: await phoneOn(ordinaryVisit), name: 'cancel-pin' };
    for (const phone of [duress, ordinary]) {
      await phone.page.locator('.hv-primary', { hasText: 'Check in' }).waitFor();
      await holdPanic(phone.page);
      await phone.page.getByRole('heading', { name: 'The office has been alerted' }).waitFor();
    }
    await expectSameScreen(duress, ordinary, 'call-for-help-sent');

    // act: each called off, one with the duress code, one with the cancel PIN (the check-in code)
    await callOff(duress, DEMO_DURESS_CODE);
    await callOff(ordinary, DEMO_CHECK_IN_CODE);

    // assess: the phones alike…
    await expectSameScreen(duress, ordinary, 'after-calling-off');
    expect(await duress.page.locator('main').innerHTML()).toContain('Your call for help is called off');
    // …the office told of a false alarm on one, a silent duress alert on the other…
    const [resolved] = await eventually('the false alarm in the outbox', () => alertsFor(env.app, ordinaryVisit, 'alert-resolved').then((lines) => lines.length > 0 && lines), { timeoutMs: 15_000, everyMs: 200 });
    expect(resolved).toMatchObject({ subject: expect.stringContaining('false alarm') });
    const [alert] = await eventually('the duress alert in the outbox', () => alertsFor(env.app, underDuress, 'duress').then((lines) => lines.length > 0 && lines), { timeoutMs: 15_000, everyMs: 200 });
    expect(alert).toMatchObject({ kind: 'duress', severity: 'critical' });
    expect(await alertsFor(env.app, ordinaryVisit, 'duress')).toEqual([]);
    expect(await alertsFor(env.app, underDuress, 'alert-resolved')).toEqual([]);
    // …and for the office, the call for help on the duress visit is still open, beside the duress alert
    const dsl = await as(env.app, 'dsl-dev');
    const openKinds = async (visitId: string) =>
      ((await dsl.get(`/visits/${visitId}`)).body.visit.alerts as Array<{ kind: string; stage: string }>).filter((open) => open.stage !== 'resolved').map((open) => open.kind);
    expect(await openKinds(underDuress)).toEqual(['panic', 'duress']);
    expect(await openKinds(ordinaryVisit)).toEqual([]);

    await duress.page.context().close();
    await ordinary.page.context().close();
  }, 240_000);
});

/** Holds "Hold to call for help" down with the mouse past its 1.5 s. */
async function holdPanic(page: Page): Promise<void> {
  const box = await page.getByRole('button', { name: 'Hold to call for help' }).boundingBox();
  if (!box) throw new Error('the panic button is not on the screen');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.waitForTimeout(1_700);
  await page.mouse.up();
}

async function callOff(phone: Phone, pin: string): Promise<void> {
  await phone.page.getByRole('button', { name: 'Call off my call for help: it was a false alarm' }).click();
  await phone.page.getByLabel('Your cancel PIN').fill(pin);
  await expectAccessible(phone.page);
  await phone.page.getByRole('button', { name: 'Call it off: it was a false alarm' }).click();
  await phone.page.getByText('Your call for help is called off').waitFor();
}
