import * as lambda from 'aws-cdk-lib/aws-lambda';
import { EVENT_TYPES } from '../functions/adapters/event-table';

/**
 * The filters of a trigger on the event table's stream that lets through the inserts holding any of
 * `types` (a string set matches when it holds any listed value, EventBridge's rule for arrays), and
 * items written before appends stored their types. The same rule for a stream emulated without a
 * mapping is functions/adapters/event-table.ts's holdsAnyEventType.
 */
export function insertsHoldingAnyOf(types: readonly string[]): Array<Record<string, unknown>> {
  return [
    lambda.FilterCriteria.filter({
      eventName: lambda.FilterRule.isEqual('INSERT'),
      dynamodb: { NewImage: { [EVENT_TYPES]: { SS: lambda.FilterRule.or(...types) } } },
    }),
    lambda.FilterCriteria.filter({
      eventName: lambda.FilterRule.isEqual('INSERT'),
      dynamodb: { NewImage: { [EVENT_TYPES]: { SS: lambda.FilterRule.notExists() } } },
    }),
  ];
}
