/**
 * How CloudWatch evaluates a metric alarm, as its documentation describes it ("Evaluating an alarm",
 * "Configuring how CloudWatch alarms treat missing data"), for alarms read from a synthesised
 * template: periods aligned to the period's length, the statistic of each period's datapoints, the
 * most recent `EvaluationPeriods` complete periods, ALARM when `DatapointsToAlarm` of them breach.
 * A period with no datapoint is missing: breaching or not as `TreatMissingData` says, and with the
 * default (`missing`) an alarm whose periods are all missing has INSUFFICIENT_DATA.
 */

export interface AlarmProperties {
  readonly Period: number;
  readonly EvaluationPeriods: number;
  readonly DatapointsToAlarm?: number;
  readonly Statistic: string;
  readonly Threshold: number;
  readonly ComparisonOperator: string;
  readonly TreatMissingData?: string;
}

export interface Datapoint {
  /** Epoch milliseconds. */
  readonly at: number;
  readonly value: number;
}

export type AlarmState = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

const STATISTICS: Record<string, (values: number[]) => number> = {
  SampleCount: (values) => values.length,
  Sum: (values) => values.reduce((sum, value) => sum + value, 0),
  Maximum: (values) => Math.max(...values),
  Minimum: (values) => Math.min(...values),
  Average: (values) => values.reduce((sum, value) => sum + value, 0) / values.length,
};

const COMPARISONS: Record<string, (value: number, threshold: number) => boolean> = {
  GreaterThanOrEqualToThreshold: (value, threshold) => value >= threshold,
  GreaterThanThreshold: (value, threshold) => value > threshold,
  LessThanThreshold: (value, threshold) => value < threshold,
  LessThanOrEqualToThreshold: (value, threshold) => value <= threshold,
};

/** The alarm's state when evaluated at `now` (epoch ms) over `datapoints`. */
export function alarmState(alarm: AlarmProperties, datapoints: readonly Datapoint[], now: number): AlarmState {
  const statistic = STATISTICS[alarm.Statistic];
  const compare = COMPARISONS[alarm.ComparisonOperator];
  if (!statistic || !compare) throw new Error(`not modelled: ${alarm.Statistic} ${alarm.ComparisonOperator}`);
  const period = alarm.Period * 1000;
  const lastEnd = Math.floor(now / period) * period;
  const verdicts: ('breaching' | 'fine' | 'missing')[] = [];
  for (let index = alarm.EvaluationPeriods; index >= 1; index--) {
    const start = lastEnd - index * period;
    const values = datapoints.filter((point) => point.at >= start && point.at < start + period).map((point) => point.value);
    if (values.length === 0) {
      const missing = alarm.TreatMissingData ?? 'missing';
      verdicts.push(missing === 'breaching' ? 'breaching' : missing === 'notBreaching' ? 'fine' : 'missing');
    } else {
      verdicts.push(compare(statistic(values), alarm.Threshold) ? 'breaching' : 'fine');
    }
  }
  if (verdicts.every((verdict) => verdict === 'missing')) return 'INSUFFICIENT_DATA';
  const breaching = verdicts.filter((verdict) => verdict === 'breaching').length;
  return breaching >= (alarm.DatapointsToAlarm ?? alarm.EvaluationPeriods) ? 'ALARM' : 'OK';
}
