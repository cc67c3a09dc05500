import { embeddedMetricLine, toStdout, type OperationsMetric } from '../adapters/embedded-metric';
import type { HeldAppend } from './alert-ledger';

/**
 * The operations metric for an append the alert publisher set aside, carrying the visit, the version
 * and the reason, alarmed on by lib/operations.ts. Both sides read the names from here.
 */
export const HELD_METRIC = { namespace: 'HomeVisits', name: 'AlertsHeld', dimension: 'Stack', environment: 'STACK_NAME' } as const satisfies OperationsMetric;

export interface HeldMetric {
  held(append: HeldAppend): void;
}

export function embeddedHeldMetric(stackName: string, write: (line: string) => void = toStdout): HeldMetric {
  return {
    held(append) {
      write(embeddedMetricLine(HELD_METRIC, stackName, { value: 1, unit: 'Count', at: new Date() }, { ...append }));
    },
  };
}
