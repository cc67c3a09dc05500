import { describe, expect, it } from 'vitest';
import { realDelayUntil, reminderAt } from '../../web/src/staff/reminder-time';

/** When the staff page reminds of a check-in, from the server's deadline and the policy's minutes (web/src/staff/reminder-time.ts). */
const DUE = '2026-11-23T11:30:00.000Z';

describe('the check-in reminder on the phone', () => {
  it('falls the policy\'s minutes before the check-in the server is timing', () => {
    expect(reminderAt({ kind: 'check-in', at: DUE }, 10)).toBe(Date.parse('2026-11-23T11:20:00.000Z'));
  });

  it('is none where the policy asks for none, for another deadline, or with none running', () => {
    expect(reminderAt({ kind: 'check-in', at: DUE }, 0)).toBeUndefined();
    expect(reminderAt({ kind: 'safe-return', at: DUE }, 10)).toBeUndefined();
    expect(reminderAt(undefined, 10)).toBeUndefined();
  });

  it('waits in real time for the server\'s clock, which may run faster, and not at all once the time has passed', () => {
    const at = Date.parse('2026-11-23T11:20:00.000Z');
    expect(realDelayUntil(at, at - 60 * 60_000, 60)).toBe(60_000); // an hour on a 60× clock is a minute
    expect(realDelayUntil(at, at - 60_000, 1)).toBe(60_000);
    expect(realDelayUntil(at, at + 1, 60)).toBe(0);
  });
});
