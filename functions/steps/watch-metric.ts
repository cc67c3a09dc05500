import { embeddedMetricLine, toStdout, type OperationsMetric } from '../adapters/embedded-metric';

/**
 * The operations metric for a visit the workflow lost its watch on, written by the watch-lost step
 * and alarmed on by lib/operations.ts. Both sides read the names from here.
 */
export const WATCH_METRIC = { namespace: 'HomeVisits', name: 'VisitsUnwatched', dimension: 'Stack', environment: 'STACK_NAME' } as const satisfies OperationsMetric;

/**
 * @example
 * const steps = createStepHandlers({ ...awsStepDeps(), metrics: embeddedMetrics(requiredEnv('STACK_NAME')) });
 */
export function embeddedMetrics(stackName: string, write: (line: string) => void = toStdout) {
  return {
    visitUnwatched(visitId: string, error: string): void {
      write(embeddedMetricLine(WATCH_METRIC, stackName, { value: 1, unit: 'Count', at: new Date() }, { visitId, error }));
    },
  };
}
