import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import { describe, expect, it } from 'vitest';
import { logRecordDamaged } from '../../functions/api/handler';
import { DAMAGED_RECORD_LOG, Operations } from '../../lib/operations';

/**
 * Operations hear of a damaged record on AWS: the API answers it 409 (no 5xx, no Lambda error), so
 * a metric filter on the handlers' log groups counts the line they log, and an alarm fires on the first.
 */

function synth() {
  const stack = new Stack(new App(), 'Ops');
  const ops = new Operations(stack, 'Operations', { trustId: 'sample-trust' });
  const api = new logs.LogGroup(stack, 'ApiLogs');
  const report = new logs.LogGroup(stack, 'ReportLogs');
  ops.alarmOnDamagedRecords([api, report]);
  return { stack, template: Template.fromStack(stack) };
}

describe('the damaged-records alarm', () => {
  it('counts the handlers\' damaged-record lines in every log group given, into one metric of the trust', () => {
    const { stack, template } = synth();

    const filters = Object.values(template.findResources('AWS::Logs::MetricFilter')).map((filter) => filter.Properties);
    expect(filters).toHaveLength(2);
    for (const filter of filters) {
      expect(filter).toMatchObject({
        FilterPattern: '{ $.error = "RecordUnreadableError" }',
        MetricTransformations: [{ MetricNamespace: 'HomeVisits/sample-trust', MetricName: 'DamagedRecordsMet', MetricValue: '1' }],
      });
    }
    const groups = filters.map((filter) => stack.resolve((filter as { LogGroupName: unknown }).LogGroupName));
    expect(groups).toEqual([{ Ref: expect.stringMatching(/^ApiLogs/) }, { Ref: expect.stringMatching(/^ReportLogs/) }]);
  });

  it('fires on the first in five minutes and notifies the operations topic', () => {
    const { template } = synth();

    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'HomeVisits/sample-trust',
      MetricName: 'DamagedRecordsMet',
      Statistic: 'Sum',
      Period: 300,
      Threshold: 1,
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^OperationsTopic') }],
    });
  });

  it('matches the line the API logs', () => {
    const lines: Record<string, unknown>[] = [];

    logRecordDamaged((entry) => lines.push(entry), 'GET /visits/{id}', 'visit-1', { version: 2, reason: 'data-invalid', detail: 'note: Too big' });

    expect(DAMAGED_RECORD_LOG.logPatternString).toBe(`{ $.error = "${String(lines[0]?.error)}" }`);
    expect(lines[0]).not.toHaveProperty('detail');
  });
});
