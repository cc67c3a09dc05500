import { Stack, Validations } from 'aws-cdk-lib';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference';
import type { IConstruct } from 'constructs';

/**
 * Acknowledge cdk-nag findings on a construct and everything under it, with the reason written
 * down. cdk-nag 3 matches finding ids exactly, one per finding (`AwsSolutions-IAM5[Resource::*]`).
 */
export function acknowledge(scope: IConstruct, reason: string, ...ids: string[]): void {
  Validations.of(scope).acknowledge(...ids.map((id) => ({ id, reason })));
}

/** The IAM5 finding id for a wildcard resource (a token such as `${fn.functionArn}:*`), spelt as cdk-nag spells it. */
export function wildcardResourceFinding(scope: IConstruct, resource: string): string {
  return `AwsSolutions-IAM5[Resource::${flattenCfnReference(Stack.of(scope).resolve(resource))}]`;
}
