import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { acknowledge } from './nag';

/** The Step Functions actions that answer a task token: the only ones these roles get on Resource "*". */
export const TASK_RESPONSE_ACTIONS = ['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat'] as const;
export type TaskResponseAction = (typeof TASK_RESPONSE_ACTIONS)[number];

export const TASK_RESPONSE_REASON =
  'states:SendTaskSuccess, SendTaskFailure and SendTaskHeartbeat: the IAM service authorization reference lists no resource type for these actions, so a state machine ARN (what CDK\'s grants.taskResponse writes) may never match and the call is denied. Resource "*" for exactly these actions; the task token is itself the capability, and only this stack\'s own waits hand tokens to this role.';

/**
 * Lets `role` answer task tokens with `actions` (only what it sends) in a policy of its own, so the
 * acknowledgement of its Resource "*" names only these actions, and the role's default policy (with
 * X-Ray's "*") keeps its own reason. A policy apart also keeps a step the state machine invokes
 * free of any reference back to the state machine.
 */
export function taskResponsePolicy(scope: Construct, id: string, role: iam.IRole, actions: readonly TaskResponseAction[]): iam.Policy {
  const policy = new iam.Policy(scope, id, {
    roles: [role],
    statements: [new iam.PolicyStatement({ actions: [...actions], resources: ['*'] })],
  });
  acknowledge(policy, TASK_RESPONSE_REASON, 'AwsSolutions-IAM5[Resource::*]');
  return policy;
}
