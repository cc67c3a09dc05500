/**
 * The operations metric for a visit the workflow lost its watch on: written by the watch-lost step as
 * a CloudWatch embedded-metric-format log line (no PutMetricData permission, no SDK call that could
 * itself be what is failing), alarmed on by lib/operations.ts. Both sides read the names from here.
 */
export const WATCH_METRIC = {
  namespace: 'HomeVisits',
  name: 'VisitsUnwatched',
  /** One stack per trust: the stack's name tells trusts sharing an account apart. */
  dimension: 'Stack',
  /** Where the step finds the dimension's value. */
  environment: 'STACK_NAME',
} as const;

/**
 * @example
 * const steps = createStepHandlers({ ...awsStepDeps(), metrics: embeddedMetrics(requiredEnv('STACK_NAME')) });
 */
export function embeddedMetrics(stackName: string, write: (line: string) => void = (line) => process.stdout.write(`${line}\n`)) {
  return {
    visitUnwatched(visitId: string, error: string): void {
      write(
        JSON.stringify({
          _aws: {
            Timestamp: Date.now(),
            CloudWatchMetrics: [
              { Namespace: WATCH_METRIC.namespace, Dimensions: [[WATCH_METRIC.dimension]], Metrics: [{ Name: WATCH_METRIC.name, Unit: 'Count' }] },
            ],
          },
          [WATCH_METRIC.dimension]: stackName,
          [WATCH_METRIC.name]: 1,
          visitId,
          error,
        }),
      );
    },
  };
}
