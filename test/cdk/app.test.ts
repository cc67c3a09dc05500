import { App, Stack, Validations } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { synthSampleTrust, type SampleTrustStack } from './sample-trust';

/** The sample trust's app as bin/cdk.ts builds it: cdk-nag AwsSolutions finds nothing unacknowledged, and every acknowledgement says why. */
let synth: SampleTrustStack;
beforeAll(() => {
  synth = synthSampleTrust();
});

function acknowledgements(root: IConstruct): Array<{ path: string; id: string; reason: string }> {
  return root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) => Object.entries(entry.data as Record<string, string>))
      .map(([id, reason]) => ({ path: construct.node.path, id: id.replace(/^annotation::/i, ''), reason })),
  );
}

describe('cdk-nag AwsSolutions on the sample trust', () => {
  it('reports no unacknowledged finding', () => {
    const report = new AwsSolutionsChecks(synth.app).validateScope(synth.app);
    expect(report.violations.map((violation) => `${violation.ruleName}: ${violation.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('would report a finding (the check is live): a topic that allows publishing without TLS fails SNS3', () => {
    const app = new App();
    new sns.Topic(new Stack(app, 'Bad'), 'Plain');
    const report = new AwsSolutionsChecks(app).validateScope(app);
    expect(report.violations.map((violation) => violation.ruleName)).toContain('AwsSolutions-SNS3');
  });

  it('acknowledges only these rules, each with a written reason', () => {
    const acknowledged = acknowledgements(synth.stack);
    for (const { id, reason } of acknowledged) expect(reason.length, id).toBeGreaterThan(60);
    const rules = [...new Set(acknowledged.map(({ id }) => id.replace(/\[Resource::<.*>.*\]$/, '[Resource::<own resource>:*]').replace(/:execution:.*\]$/, ':execution:<own>:*]')))].sort();
    expect(rules).toEqual(
      [
        'AwsSolutions-APIG3',
        'AwsSolutions-APIG4',
        'AwsSolutions-CFR1',
        'AwsSolutions-CFR2',
        'AwsSolutions-CFR4',
        'AwsSolutions-COG4',
        'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
        'AwsSolutions-IAM5[Action::kms:ReEncrypt*]',
        'AwsSolutions-IAM5[Action::s3:Abort*]',
        'AwsSolutions-IAM5[Action::s3:DeleteObject*]',
        'AwsSolutions-IAM5[Action::s3:GetBucket*]',
        'AwsSolutions-IAM5[Action::s3:GetObject*]',
        'AwsSolutions-IAM5[Action::s3:List*]',
        'AwsSolutions-IAM5[Resource::*]',
        'AwsSolutions-IAM5[Resource::<own resource>:*]',
        'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-eu-west-2/*]',
        'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:eu-west-2:<AWS::AccountId>:execution:<own>:*]',
        // The trust's text number is requested outside CloudFormation (lib/sms.ts).
        'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:sms-voice:eu-west-2:<AWS::AccountId>:phone-number/*]',
        'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:sms-voice:eu-west-2:<AWS::AccountId>:pool/*]',
        'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:sms-voice:eu-west-2:<AWS::AccountId>:sender-id/*]',
        'AwsSolutions-L1',
        'AwsSolutions-S1',
        'AwsSolutions-SF1',
        'AwsSolutions-SQS3',
      ].sort(),
    );
  });

  it('runs on every synth of the app: an unacknowledged finding fails it', () => {
    expect(() => synth.app.synth({ force: true })).not.toThrow();
    // The app is shared with the other files' tests: the careless stack leaves it again.
    new sns.Topic(new Stack(synth.app, 'Careless'), 'Plain');
    try {
      expect(() => synth.app.synth({ force: true })).toThrow(/AwsSolutions-SNS3|Validation failed/);
    } finally {
      synth.app.node.tryRemoveChild('Careless');
    }
  });
});
