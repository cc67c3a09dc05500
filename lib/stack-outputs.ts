/** The stack outputs `npm run redrive` reads (bin/redrive.ts); lib/home-visits-stack.ts writes them. No CDK here: the CLI imports it. */
export const STACK_OUTPUTS = {
  eventTable: 'EventTableName',
  alertLedger: 'AlertLedgerTableName',
  alertFailureBucket: 'AlertFailureBucketName',
  alertsTopic: 'AlertsTopicArn',
} as const;
