/**
 * Deterministic ARNs for the local runtime: the region `local`, a zero account, and the CloudFormation
 * logical id as the resource name, so the same template always resolves to the same definition.
 */
export const LOCAL_PARTITION = 'aws';
export const LOCAL_REGION = 'local';
export const LOCAL_ACCOUNT_ID = '000000000000';
export const LOCAL_URL_SUFFIX = 'amazonaws.com';

const prefix = (service: string) => `arn:${LOCAL_PARTITION}:${service}:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}`;

export const localLambdaArn = (functionName: string) => `${prefix('lambda')}:function:${functionName}`;
export const localTopicArn = (topicName: string) => `${prefix('sns')}:${topicName}`;
export const localQueueArn = (queueName: string) => `${prefix('sqs')}:${queueName}`;
export const localTableArn = (tableName: string) => `${prefix('dynamodb')}:table/${tableName}`;
export const localRoleArn = (roleName: string) => `arn:${LOCAL_PARTITION}:iam::${LOCAL_ACCOUNT_ID}:role/${roleName}`;
export const localStateMachineArn = (name: string) => `${prefix('states')}:stateMachine:${name}`;
export const localExecutionArn = (stateMachineName: string, executionName: string) =>
  `${prefix('states')}:execution:${stateMachineName}:${executionName}`;

/** `name`, `name:alias`, `123456789012:function:name`, or a full ARN with or without qualifier. */
export function functionNameOf(reference: string): string {
  const marker = ':function:';
  const at = reference.indexOf(marker);
  const rest = at >= 0 ? reference.slice(at + marker.length) : reference;
  return rest.split(':')[0] ?? rest;
}
