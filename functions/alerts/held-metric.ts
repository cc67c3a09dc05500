import type { HeldAppend } from './alert-ledger';

/**
 * The operations metric for an append the alert publisher set aside: an embedded-metric-format log
 * line (no PutMetricData call that could itself be what fails), carrying the visit, the version and
 * the reason, alarmed on by lib/operations.ts. Both sides read the names from here.
 */
export const HELD_METRIC = {
  namespace: 'HomeVisits',
  name: 'AlertsHeld',
  /** One stack per trust: the stack's name tells trusts sharing an account apart. */
  dimension: 'Stack',
  environment: 'STACK_NAME',
} as const;

export interface HeldMetric {
  held(append: HeldAppend): void;
}

export function embeddedHeldMetric(stackName: string, write: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): HeldMetric {
  return {
    held(append) {
      write(
        JSON.stringify({
          _aws: {
            Timestamp: Date.now(),
            CloudWatchMetrics: [{ Namespace: HELD_METRIC.namespace, Dimensions: [[HELD_METRIC.dimension]], Metrics: [{ Name: HELD_METRIC.name, Unit: 'Count' }] }],
          },
          [HELD_METRIC.dimension]: stackName,
          [HELD_METRIC.name]: 1,
          ...append,
        }),
      );
    },
  };
}
