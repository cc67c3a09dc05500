/**
 * A CloudWatch metric as an embedded-metric-format log line: no PutMetricData permission and no SDK
 * call that could itself be what is failing. Every operations metric the handlers write is one of
 * these, named in one place each (WATCH_METRIC, HELD_METRIC, CANARY_METRIC) and alarmed on by lib/.
 */
export interface OperationsMetric {
  readonly namespace: string;
  readonly name: string;
  /** One stack per trust: the stack's name tells trusts sharing an account apart. */
  readonly dimension: string;
  /** Where the handler finds the dimension's value. */
  readonly environment: string;
}

/** Writes a line to stdout, where Lambda sends it to CloudWatch Logs, which extracts the metric. */
export const toStdout = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

export function embeddedMetricLine(
  metric: OperationsMetric,
  stackName: string,
  datapoint: { readonly value: number; readonly unit: 'Count' | 'Seconds'; readonly at: Date },
  /** Ids and reasons beside the figure (never a person's details): CloudWatch keeps them in the log. */
  fields: Readonly<Record<string, unknown>> = {},
): string {
  return JSON.stringify({
    _aws: {
      Timestamp: datapoint.at.getTime(),
      CloudWatchMetrics: [{ Namespace: metric.namespace, Dimensions: [[metric.dimension]], Metrics: [{ Name: metric.name, Unit: datapoint.unit }] }],
    },
    [metric.dimension]: stackName,
    [metric.name]: datapoint.value,
    ...fields,
  });
}
