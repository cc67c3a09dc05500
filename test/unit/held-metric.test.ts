import { describe, expect, it } from 'vitest';
import { embeddedHeldMetric } from '../../functions/alerts/held-metric';

/** The line the publisher writes when it sets an append aside: a CloudWatch metric the AlertsHeld alarm counts, and the visit it names. */
describe('the held-append metric', () => {
  it('is one embedded-metric line per held append, per stack, naming the visit, version and reason', () => {
    const lines: string[] = [];
    embeddedHeldMetric('HomeVisits-sample', (line) => lines.push(line)).held({
      visitId: 'visit-0001',
      version: 7,
      reason: 'policy-missing',
      detail: 'policy hunsbury-park@2020-01 is not in this bundle',
      heldAt: '2026-11-23T09:30:00.000Z',
    });
    expect(lines).toHaveLength(1);
    const record = JSON.parse(lines[0]!);
    expect(record._aws.CloudWatchMetrics).toEqual([{ Namespace: 'HomeVisits', Dimensions: [['Stack']], Metrics: [{ Name: 'AlertsHeld', Unit: 'Count' }] }]);
    expect(record).toMatchObject({ Stack: 'HomeVisits-sample', AlertsHeld: 1, visitId: 'visit-0001', version: 7, reason: 'policy-missing' });
  });
});
