import { ALERT_PUBLISHER_ENTRY } from '../../lib/alert-delivery';
import { API_ENTRY, REPORT_ENTRY, REPORT_NODE_MODULES, trustPoliciesDefine } from '../../lib/api';
import { RECONCILER_ENTRY } from '../../lib/reconciler';
import { STEP_ENTRIES, STEP_NAMES, stepDefine } from '../../lib/step-functions';
import type { Policy } from '../../functions/core/policy';

/** A Lambda of the stack as its construct bundles it: the entry, its esbuild defines, and the packages installed beside it. */
export interface StackLambda {
  readonly name: string;
  readonly entry: string;
  readonly define?: Record<string, string> | undefined;
  readonly nodeModules?: readonly string[];
}

/** Every Lambda the trust's stack deploys, for the tests and the bench that bundle them as the stack does. */
export function stackLambdas(policies: readonly Policy[]): StackLambda[] {
  return [
    ...STEP_NAMES.map((name) => ({ name, entry: STEP_ENTRIES[name].entry, define: stepDefine(name, policies) })),
    { name: 'api', entry: API_ENTRY, define: trustPoliciesDefine(policies) },
    { name: 'report', entry: REPORT_ENTRY, define: trustPoliciesDefine(policies), nodeModules: REPORT_NODE_MODULES },
    { name: 'alertPublisher', entry: ALERT_PUBLISHER_ENTRY, define: trustPoliciesDefine(policies) },
    { name: 'reconciler', entry: RECONCILER_ENTRY, define: trustPoliciesDefine(policies) },
  ];
}

/** The environment the stack gives its Lambdas, with made-up names, for starting a bundle outside AWS. */
export const STACK_LAMBDA_ENV = {
  AWS_REGION: 'eu-west-2',
  EVENTS_TABLE: 'events',
  TOKENS_TABLE: 'tokens',
  BOARD_TABLE: 'board',
  DURESS_TABLE: 'duress',
  ALERTS_TOPIC_ARN: 'arn:aws:sns:eu-west-2:123456789012:alerts',
  ALERT_LEDGER_TABLE: 'alert-ledger',
  STATE_MACHINE_ARN: 'arn:aws:states:eu-west-2:123456789012:stateMachine:visits',
  VISIT_PASS_KEY: 'arn:aws:kms:eu-west-2:123456789012:key/00000000-0000-0000-0000-000000000000',
  STACK_NAME: 'HomeVisits-sample-trust',
} as const;
