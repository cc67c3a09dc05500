// The visit as the API's document describes it, from the generated types (not shared/api.ts, so this file, like words.ts, is read by the unit tests without the DOM).
import type { components } from '../shared/api-schema';
import type { Stage, StaffAction } from './words';

type Visit = components['schemas']['Visit'];

/** What the projection reads of a queued action (outbox-store.ts QueuedAction). */
interface Step {
  readonly action: string;
}

/**
 * The visit as the person sees it while steps they pressed wait on the phone: the last server read
 * with their queued steps laid over it, so a step pressed in a dead zone moves the screen on (marked
 * not sent yet) instead of leaving the same button to be pressed again. Only the screen moves: the
 * stage, and which buttons are offered. Every fact shown (times, the countdown, what the office was
 * told) stays the server's until the server has it.
 */

/**
 * Where each step of the journey takes the visit from the stage it was pressed in (the core's
 * evolve, functions/core/visit-state.ts, seen as the board's stages): Arrived → at the door,
 * Entered → in the home, LeftHome → returning, ReturnedSafely and a cancel before setting off →
 * closing, a cancel while out → returning. A step not listed leaves the stage where it is.
 * test/unit/web-staff-pending.test.ts holds it to the core's decide and evolve.
 */
const NEXT_STAGE: Partial<Record<StaffAction, Partial<Record<Stage, Stage>>>> = {
  depart: { 'awaiting-departure': 'travelling' },
  arrive: { travelling: 'at-the-door' },
  enter: { 'at-the-door': 'in-home' },
  leave: { 'at-the-door': 'returning-safely', 'in-home': 'returning-safely' },
  return: { 'returning-safely': 'closing' },
  cancel: {
    'awaiting-authorisation': 'closing',
    'awaiting-departure': 'closing',
    travelling: 'returning-safely',
    'at-the-door': 'returning-safely',
    'in-home': 'returning-safely',
  },
};

export interface Projection<T extends Step> {
  /** The stage the screen shows: the server's, moved on by the steps still waiting. */
  readonly stage: Stage;
  /** This person's steps on this visit still waiting on the phone, oldest first. */
  readonly waiting: readonly T[];
  /** True when a step still waiting moved the stage: the screen says it is not sent yet. */
  readonly moved: boolean;
  /** Checked in since going in (the server's, or a waiting check-in after the last entry): the next step is leaving. */
  readonly checkedInInside: boolean;
  readonly familyAtDoor: boolean;
}

/**
 * The server's stage and facts with this person's queued actions on this visit laid over them, in
 * order: first those just `delivered` (the server has them, but the last read may be older: a step
 * applies only from the stage it was pressed in, so one the read already shows changes nothing, and
 * the old button never flashes back), then those still `waiting`.
 */
export function project<T extends Step>(stage: Stage, visit: Visit, queued: { delivered: readonly T[]; waiting: readonly T[] }): Projection<T> {
  const since = visit.entered?.at ?? '';
  const read: Shown = {
    stage,
    checkedInInside: visit.checkIns.some((checkIn) => checkIn.at >= since),
    familyAtDoor: Boolean(visit.familyAtDoor),
  };
  const heard = queued.delivered.reduce(step, read);
  const shown = queued.waiting.reduce(step, heard);
  return { ...shown, waiting: queued.waiting, moved: shown.stage !== heard.stage };
}

type Shown = Pick<Projection<Step>, 'stage' | 'checkedInInside' | 'familyAtDoor'>;

function step(projected: Shown, item: Step): Shown {
  const next = NEXT_STAGE[item.action as StaffAction]?.[projected.stage];
  // Going in again starts a new stay: the check-ins before it were outside.
  const moved = next ? { ...projected, stage: next, ...(item.action === 'enter' ? { checkedInInside: false } : {}) } : projected;
  if (item.action === 'check-in' && moved.stage === 'in-home') return { ...moved, checkedInInside: true };
  if (item.action === 'family-at-door') return { ...moved, familyAtDoor: true };
  return moved;
}
