import { describe, expect, it } from 'vitest';
import { BOARD_STAGES, STAGES, type StageName } from '../../functions/core/stages';
import { STAFF_ACTIONS, STAGE_WORDS, type StaffAction } from '../../web/src/staff/words';

/**
 * The phone page offers, per stage, the actions the staff on the visit take there. Its table is the
 * page's own (it words them, and leaves out what only others do), so it is held to stages.ts here:
 * a stage that stops accepting an action, or starts accepting one staff take, fails this test.
 */
// cancel-alarm is not a stage's to offer: the page offers it while the staff's own call for help is open, in any stage.
const STAFF_TAKE: readonly StaffAction[] = ['depart', 'arrive', 'family-at-door', 'enter', 'check-in', 'leave', 'return', 'report-late', 'extend-time', 'cancel', 'raise-concern'];

describe('the staff page\'s actions per stage follow the workflow\'s stage table', () => {
  it.each(Object.keys(STAGES) as StageName[])('%s: the page offers exactly what the stage accepts from staff', (stage) => {
    const accepted = (STAGES[stage].accepts as readonly string[]).filter((action): action is StaffAction => STAFF_TAKE.includes(action as StaffAction));
    // raise-concern is recorded after the visit too, without waking a wait (decide/alerts.ts).
    const offered = (STAFF_ACTIONS[stage] ?? []).filter((action) => action !== 'raise-concern');
    expect([...offered].sort()).toEqual(accepted.filter((action) => action !== 'raise-concern').sort());
  });

  it('words every stage the board can show', () => {
    expect(Object.keys(STAGE_WORDS).sort()).toEqual([...BOARD_STAGES].sort());
  });
});
