/** The stack outputs `npm run redrive` and `npm run doctor` read (bin/redrive.ts, bin/doctor); lib/home-visits-stack.ts writes them. No CDK here: the CLI imports it. */
export const STACK_OUTPUTS = {
  eventTable: 'EventTableName',
  alertLedger: 'AlertLedgerTableName',
  alertFailureBucket: 'AlertFailureBucketName',
  alertsTopic: 'AlertsTopicArn',
  /** Where the trust's two-way number publishes inbound texts (issue 25). */
  inboundTextsTopic: 'InboundTextsTopicArn',
  staffPhonesTable: 'StaffPhonesTableName',
} as const;
