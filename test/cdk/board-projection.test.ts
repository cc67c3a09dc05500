import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECTED_EVENT_TYPES } from '../../functions/board/projector';
import { actionsOf, policyStatements, refersTo, synthSampleTrust, type SampleTrustStack } from './sample-trust';

/** The office board's one writer on AWS: a second trigger on the event table's stream, and the projector behind it. */
let synth: SampleTrustStack;
beforeAll(() => {
  synth = synthSampleTrust();
});

const mappings = () => Object.values(synth.resources('AWS::Lambda::EventSourceMapping')).map((resource) => resource.Properties!);
const projectorRef = () => ({ Ref: synth.logicalId(synth.stack.boardProjection.projector) });
const mapping = () => {
  const found = mappings().filter((properties) => JSON.stringify(properties.FunctionName) === JSON.stringify(projectorRef()));
  expect(found).toHaveLength(1);
  return found[0]!;
};

describe('the board trigger (the event table stream to the projector)', () => {
  it('is a second mapping on the event table\'s stream, beside the alert publisher\'s, from the oldest record it still holds', () => {
    expect(mappings()).toHaveLength(2);
    expect(mapping()).toMatchObject({
      EventSourceArn: { 'Fn::GetAtt': [synth.logicalId(synth.stack.eventTable), 'StreamArn'] },
      StartingPosition: 'TRIM_HORIZON',
    });
  });

  it('retries a failing projection from its record, in order, for as long as the stream keeps it', () => {
    expect(mapping()).toMatchObject({
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: -1,
      MaximumRecordAgeInSeconds: 23 * 3600,
      MetricsConfig: { Metrics: ['EventCount'] },
    });
  });

  it('lets through only inserts to a visit\'s stream (never a history read or a call for help kept apart), or written before appends stored their types', () => {
    const { FilterCriteria } = mapping() as { FilterCriteria: { Filters: { Pattern: string }[] } };
    expect(FilterCriteria.Filters.map((filter) => JSON.parse(filter.Pattern))).toEqual([
      { eventName: ['INSERT'], dynamodb: { NewImage: { types: { SS: [...PROJECTED_EVENT_TYPES] } } } },
      { eventName: ['INSERT'], dynamodb: { NewImage: { types: { SS: [{ exists: false }] } } } },
    ]);
    expect(PROJECTED_EVENT_TYPES).not.toContain('HistoryRead');
    expect(PROJECTED_EVENT_TYPES).not.toContain('PanicOnDamagedRecord');
  });
});

describe('who writes the board', () => {
  it('is the projector alone: it may put a line and read the events, and no step or the API may put one', () => {
    const board = synth.logicalId(synth.stack.board.table);
    const writers = policyStatements(synth.template).filter((statement) => actionsOf(statement).includes('dynamodb:PutItem') && refersTo(statement.Resource, board));
    expect(writers.flatMap((statement) => statement.roles)).toEqual([synth.logicalId(synth.stack.boardProjection.projector.role as never)]);
    const reads = policyStatements(synth.template).filter((statement) => actionsOf(statement).includes('dynamodb:Query') && refersTo(statement.Resource, synth.logicalId(synth.stack.eventTable)));
    expect(reads.flatMap((statement) => statement.roles)).toContain(synth.logicalId(synth.stack.boardProjection.projector.role as never));
  });
});
