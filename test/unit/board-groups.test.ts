import { describe, expect, it } from 'vitest';
import { staffAreOut } from '../../functions/core/visit-state';
import { VISIT_STATUSES } from '../../functions/core/board';
import type { BoardRow } from '../../web/src/board/attention';
import { boardGroups, WHEREABOUTS } from '../../web/src/board/words';

/** The board's groups and its "out now" count (web/src/board/words.ts), held to the core's rule for who is out. */

const row = (visitId: string, status: BoardRow['status'], alerts: BoardRow['alerts'] = []): BoardRow => ({
  visitId,
  schoolId: 'hunsbury-park',
  status,
  active: true,
  staff: ['Alice Officer'],
  staffIds: [],
  stage: 'travelling',
  escalationLevel: 0,
  openAlerts: alerts.length,
  alerts,
  version: 2,
  updatedAt: '2026-12-07T10:00:00.000Z',
});

describe('the office board’s groups', () => {
  it.each(VISIT_STATUSES)('%s: counted as out exactly when the core says staff are out', (status) => {
    expect(WHEREABOUTS[status] === 'out').toBe(staffAreOut({ status }));
  });

  it('counts only visits under way as out now, the planned apart, and pins every alerting line first whatever its stage', () => {
    const panic = { alertId: 'panic-1', kind: 'panic' as const, level: 0, raisedAt: '2026-12-07T10:00:00.000Z' };
    const rows = [row('requested', 'requested'), row('ready', 'ready'), row('out', 'in-home'), row('back', 'returned'), row('alerting-out', 'travelling', [panic]), row('alerting-planned', 'authorised', [panic])];

    const groups = boardGroups(rows);

    expect(groups.outNow).toBe(2);
    expect(groups.plannedCount).toBe(3);
    expect(groups.alerting.map((line) => line.visitId)).toEqual(['alerting-out', 'alerting-planned']);
    expect(groups.out.map((line) => line.visitId)).toEqual(['out']);
    expect(groups.back.map((line) => line.visitId)).toEqual(['back']);
    expect(groups.planned.map((line) => line.visitId)).toEqual(['requested', 'ready']);
  });
});
