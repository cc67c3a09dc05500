import { describe, expect, it } from 'vitest';
import { attend, NOTHING_HEARD, REPEAT_EVERY_MS, type Attention, type BoardRow, type Heard } from '../../web/src/board/attention';

/**
 * What the office board makes heard (web/src/board/attention.ts), on a virtual clock: each call is
 * one look at the board's rows at a time in ms, as the board's ticker and polls make it.
 */

type Alert = BoardRow['alerts'][number];

const row = (visitId: string, staff: string, alerts: Alert[] = []): BoardRow => ({
  visitId,
  schoolId: 'hunsbury-park',
  status: 'travelling',
  active: true,
  staff: [staff],
  staffIds: [],
  stage: 'travelling',
  escalationLevel: Math.max(0, ...alerts.map((alert) => alert.level)),
  openAlerts: alerts.length,
  alerts,
  version: 3,
  updatedAt: '2026-12-07T10:00:00.000Z',
});

const alert = (alertId: string, kind: Alert['kind'], level = 0, acknowledgedBy?: string): Alert => ({
  alertId,
  kind,
  level,
  raisedAt: '2026-12-07T10:00:00.000Z',
  ...(acknowledgedBy ? { acknowledgedBy } : {}),
});

/** Looks at each set of rows in turn, `everyMs` apart from t = 0, and returns every decision. */
function looks(views: ReadonlyArray<readonly BoardRow[] | undefined>, everyMs = 2000): Attention[] {
  let heard: Heard = NOTHING_HEARD;
  return views.map((rows, index) => {
    const attention = attend(heard, rows, index * everyMs);
    heard = attention.heard;
    return attention;
  });
}

describe('what the office board makes heard', () => {
  it('hears two panics on two visits with the same per-visit alert id as two new alarms', () => {
    const alice = row('visit-a', 'Alice Officer', [alert('panic-5', 'panic')]);
    const bob = row('visit-b', 'Bob Worker', [alert('panic-5', 'panic')]);

    const [, first, resolved, second] = looks([[], [alice], [row('visit-a', 'Alice Officer')], [row('visit-a', 'Alice Officer'), bob]]);

    expect(first).toMatchObject({ sound: 'alarm', assertive: expect.stringMatching(/^New: PANIC: Alice Officer/) });
    expect(resolved!.sound).toBeUndefined();
    expect(second).toMatchObject({ sound: 'alarm', assertive: expect.stringMatching(/^New: PANIC: Bob Worker/) });
    expect(second!.notices.map((notice) => notice.tag)).toEqual(['visit-b/panic-5@0']);
  });

  it('hears a missed check-in at each level: a chime at level 1, the alarm at 2 and again at 3', () => {
    const at = (level: number) => [row('visit-a', 'Alice Officer', [alert('alert-1', 'check-in-overdue', level)])];

    const [, one, stillOne, two, three] = looks([[], at(1), at(1), at(2), at(3)], 1000);

    expect(one).toMatchObject({ sound: 'chime', polite: 'New: Alert: check-in overdue, level 1: Alice Officer, Hunsbury Park, travelling.' });
    expect(one!.assertive).toBeUndefined();
    expect(stillOne).toMatchObject({ notices: [] });
    expect(stillOne!.sound).toBeUndefined();
    expect(stillOne!.polite).toBeUndefined();
    expect(two).toMatchObject({ sound: 'alarm', assertive: expect.stringContaining('level 2: Alice Officer') });
    expect(three).toMatchObject({ sound: 'alarm', assertive: expect.stringContaining('level 3: Alice Officer') });
  });

  it('says a storm of 14 as its count and then each visit, critical ones first', () => {
    const storm = Array.from({ length: 14 }, (_, index) =>
      row(`visit-${index}`, `Staff ${index}`, [alert('alert-1', 'check-in-overdue', index === 9 ? 2 : 1)]),
    );

    const [, heard] = looks([[], storm]);

    expect(heard!.sound).toBe('alarm');
    const words = heard!.assertive!;
    expect(words).toMatch(/^14 new alerts\. Alert: check-in overdue, level 2: Staff 9,/);
    for (let index = 0; index < 14; index += 1) expect(words).toContain(`Staff ${index}, Hunsbury Park`);
    expect(heard!.notices).toHaveLength(1);
  });

  it('counts the visits when a storm has two alerts on one', () => {
    const [, heard] = looks([[], [row('visit-a', 'Alice Officer', [alert('alert-1', 'check-in-overdue', 1), alert('alert-2', 'safeguarding-concern', 1)]), row('visit-b', 'Bob Worker', [alert('alert-1', 'check-in-overdue', 1)])]]);

    expect(heard).toMatchObject({ sound: 'chime', polite: expect.stringMatching(/^3 new alerts on 2 visits\. /) });
  });

  it('sounds a critical alert again once the repeat interval has passed, until it is acknowledged', () => {
    const open = [row('visit-a', 'Alice Officer', [alert('panic-1', 'panic')])];
    const acknowledged = [row('visit-a', 'Alice Officer', [alert('panic-1', 'panic', 0, 'Olu Office')])];
    const tick = 1000;
    const beforeRepeat = REPEAT_EVERY_MS / tick - 1;

    const heard = looks([[], open, ...Array<readonly BoardRow[]>(beforeRepeat).fill(open), open, open, acknowledged, ...Array<readonly BoardRow[]>(REPEAT_EVERY_MS / tick * 3).fill(acknowledged)], tick);
    const sounded = heard.map((attention) => attention.sound);

    expect(sounded[1]).toBe('alarm');
    expect(sounded.slice(2, 2 + beforeRepeat)).toEqual(Array(beforeRepeat).fill(undefined));
    expect(sounded[2 + beforeRepeat]).toBe('alarm'); // REPEAT_EVERY_MS after the first
    expect(sounded[3 + beforeRepeat]).toBeUndefined();
    expect(sounded.slice(4 + beforeRepeat)).toEqual(Array(sounded.length - 4 - beforeRepeat).fill(undefined));
    expect(heard.slice(2).every((attention) => attention.assertive === undefined)).toBe(true); // said once, sounded again
  });

  it('stops sounding when the alert is resolved, and a level 1 alert never repeats', () => {
    const panic = [row('visit-a', 'Alice Officer', [alert('panic-1', 'panic')])];
    const levelOne = [row('visit-a', 'Alice Officer', [alert('alert-2', 'check-in-overdue', 1)])];

    const sounded = looks([[], panic, levelOne, levelOne, levelOne, levelOne], REPEAT_EVERY_MS).map((attention) => attention.sound);

    expect(sounded).toEqual([undefined, 'alarm', 'chime', undefined, undefined, undefined]);
  });

  it('reads out what is already open when the board loads, and still sounds an unacknowledged panic', () => {
    const [loaded, again] = looks([[row('visit-a', 'Alice Officer', [alert('panic-1', 'panic')]), row('visit-b', 'Bob Worker', [alert('alert-1', 'check-in-overdue', 1)])], undefined]);

    expect(loaded).toMatchObject({ sound: 'alarm', polite: 'Open alerts: PANIC: Alice Officer, Hunsbury Park, travelling. Alert: check-in overdue, level 1: Bob Worker, Hunsbury Park, travelling.', notices: [] });
    expect(loaded!.assertive).toBeUndefined();
    // A new school filter empties the rows: what it shows next is read out as on a load.
    expect(again!.heard).toBe(NOTHING_HEARD);
  });
});
