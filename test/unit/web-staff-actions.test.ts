import { describe, expect, it } from 'vitest';
import { actionsAccepted, BOARD_STAGES, VISIT_STATUSES } from '../../functions/core/stages';
import { ACTION_WORDS, staffActions, STAGE_WORDS, type StaffAction } from '../../web/src/staff/words';

/**
 * The phone page offers, per status, the actions the stage table (the gate decide asks) accepts there
 * that the staff take and the page words. The page keeps only their order and their words: a status
 * that starts accepting a worded action offers it, and one that stops no longer does.
 */
// cancel-alarm is not a status's to offer: the page offers it while the staff's own call for help is open, in any stage.
const OFFERED_BY_STATUS = (Object.keys(ACTION_WORDS) as StaffAction[]).filter((action) => action !== 'cancel-alarm');

describe('the staff page\'s actions per status are the stage table\'s', () => {
  it.each(VISIT_STATUSES)('%s: the page offers every worded action the table accepts there, and no other', (status) => {
    const accepted = actionsAccepted(status).filter((action): action is StaffAction => OFFERED_BY_STATUS.some((worded) => worded === action));
    expect([...staffActions(status)].sort()).toEqual(accepted.sort());
  });

  it('offers the journey\'s steps first, and no concern where nobody went out', () => {
    expect(staffActions('travelling')).toEqual(['arrive', 'check-in', 'extend-time', 'report-late', 'cancel', 'raise-concern']);
    expect(staffActions('ended')).toEqual([]);
    expect(staffActions('filed')).toEqual(['raise-concern']);
  });

  it('words every stage the board can show', () => {
    expect(Object.keys(STAGE_WORDS).sort()).toEqual([...BOARD_STAGES].sort());
  });
});
