import { describe, expect, it } from 'vitest';
import { boardStage } from '../../functions/core/board';
import type { ActionName } from '../../functions/core/commands';
import { project } from '../../web/src/staff/pending';
import { ALICE } from '../support/actors';
import { scenario, type Scenario } from '../support/scenario';

/**
 * The phone moves its screen on for a step kept in a dead zone (web/src/staff/pending.ts). Its table
 * of where each step leads is the page's own, so it is held here to the core's decide and evolve: the
 * stage the phone shows after a queued step is the stage the server reaches when that step lands.
 */

const LEFT = { notes: { facts: [], agreements: [], followUpNeeded: false } };
const ENTERED = { peoplePresent: [{ name: 'Pat Parent', relationship: 'parent' as const }], invitedIn: true, animals: 'none' as const, unsafeIndicators: [] };
const CANCELLED = { reason: 'family-declined' as const, detail: 'The parent phoned to say not today.' };

const queued = (action: string) => ({ key: `key-${action}`, action });

/** Each place a step can be pressed from, and the step with the body the server takes. */
const CASES: ReadonlyArray<readonly [string, () => Scenario, ActionName, unknown]> = [
  ['set off when ready', () => scenario('hunsbury-park').readyToGo(), 'depart', {}],
  ['arrive on the way', () => scenario('hunsbury-park').readyToGo().departed(), 'arrive', {}],
  ['go in at the door', () => scenario('hunsbury-park').readyToGo().departed().arrived(), 'enter', ENTERED],
  ['leave without going in', () => scenario('hunsbury-park').readyToGo().departed().arrived(), 'leave', LEFT],
  ['leave the home', () => scenario('hunsbury-park').readyToGo().departed().arrived().entered(), 'leave', LEFT],
  ['back safely', () => scenario('hunsbury-park').readyToGo().departed().arrived().entered().after(30), 'return', {}],
  ['cancel before it is authorised', () => scenario('hunsbury-park').requested(), 'cancel', CANCELLED],
  ['cancel before setting off', () => scenario('hunsbury-park').readyToGo(), 'cancel', CANCELLED],
  ['cancel on the way', () => scenario('hunsbury-park').readyToGo().departed(), 'cancel', CANCELLED],
  ['cancel in the home', () => scenario('hunsbury-park').readyToGo().departed().arrived().entered(), 'cancel', CANCELLED],
  ['check in on the way (the stage stays)', () => scenario('hunsbury-park').readyToGo().departed(), 'check-in', {}],
  ['say the family came to the door (the stage stays)', () => scenario('hunsbury-park').readyToGo().departed().arrived(), 'family-at-door', {}],
];

describe('a step kept on the phone moves the screen to where the server takes the visit', () => {
  it.each(CASES)('%s', (_name, given, action, body) => {
    const s = given();
    if (action === 'return') s.ok('leave', LEFT, ALICE);
    const before = s.visit;
    s.ok(action, body as never, ALICE);

    const shown = project(boardStage(before), before, { delivered: [], waiting: [queued(action)] });

    expect(shown.stage).toBe(boardStage(s.visit));
    expect(shown.moved).toBe(boardStage(s.visit) !== boardStage(before));
  });

  it('a step the last read already shows changes nothing: the old button never comes back', () => {
    const s = scenario('hunsbury-park').readyToGo().departed().arrived();
    const shown = project(boardStage(s.visit), s.visit, { delivered: [queued('arrive')], waiting: [] });
    expect(shown).toMatchObject({ stage: 'at-the-door', moved: false });
  });

  it('a check-in kept after going in makes leaving the next step; going in again starts the count afresh', () => {
    const s = scenario('hunsbury-park').readyToGo().departed().arrived();
    expect(project(boardStage(s.visit), s.visit, { delivered: [], waiting: [queued('enter'), queued('check-in')] })).toMatchObject({ stage: 'in-home', checkedInInside: true, moved: true });
    s.entered().ok('check-in', {}, ALICE);
    expect(project(boardStage(s.visit), s.visit, { delivered: [], waiting: [] }).checkedInInside).toBe(true);
  });
});
