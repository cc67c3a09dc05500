import { RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { acknowledge } from './nag';

/** The account-and-region stack's name: one per region, whoever deploys it first, shared by every trust there. */
export const accountStackName = (region: string): string => `HomeVisits-Account-${region}`;

/**
 * The API Gateway account setting of a region: the role API Gateway uses to write every REST API's
 * execution and access logs. It is one setting per account and region, so it lives here, once, and
 * never in a trust's stack (two trusts' stacks would each overwrite it, and deleting one would take
 * the other's logging role with it). Role and setting are retained, as CDK's own default for them:
 * deleting this stack leaves logging working.
 */
export class ApiGatewayAccount extends Construct {
  readonly role: iam.Role;
  readonly account: apigw.CfnAccount;
  /** A disabled API key that costs nothing and carries no access: API Gateway's first resource in the region. */
  readonly firstResource: apigw.CfnApiKey;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.role = new iam.Role(this, 'CloudWatchRole', {
      description: 'API Gateway writes execution and access logs of every REST API in this account and region',
      assumedBy: new iam.ServicePrincipal('apigateway.amazonaws.com'),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonAPIGatewayPushToCloudWatchLogs')],
    });
    this.role.applyRemovalPolicy(RemovalPolicy.RETAIN);
    // CloudFormation's page for AWS::ApiGateway::Account: "If an API Gateway resource has never been
    // created in your AWS account, you must add a dependency on another API Gateway resource, such as
    // an AWS::ApiGateway::RestApi or AWS::ApiGateway::ApiKey resource." A disabled key is the cheapest
    // such resource (no usage plan names it, so it opens nothing) and is kept with the setting.
    this.firstResource = new apigw.CfnApiKey(this, 'FirstResource', {
      enabled: false,
      description: 'Home visits: API Gateway\'s first resource in this account and region, created before its account setting (never used)',
    });
    this.firstResource.applyRemovalPolicy(RemovalPolicy.RETAIN);
    this.account = new apigw.CfnAccount(this, 'Account', { cloudWatchRoleArn: this.role.roleArn });
    // The role's ARN alone orders nothing against its managed policy, and IAM is eventually
    // consistent: on a brand-new account the setting can be refused while API Gateway cannot yet
    // assume the role ("The role ARN does not have required permissions"). Created after the role
    // and after API Gateway's first resource.
    this.account.node.addDependency(this.role, this.firstResource);
    this.account.applyRemovalPolicy(RemovalPolicy.RETAIN);
    acknowledge(
      this.role,
      'The account-level role API Gateway uses to write execution and access logs: AmazonAPIGatewayPushToCloudWatchLogs is the policy AWS documents for it, and only apigateway.amazonaws.com may assume the role.',
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
    );
  }
}

/** `HomeVisits-Account-<region>`: deployed once per account and region, before (or with) the first trust there. */
export class AccountSetupStack extends Stack {
  readonly apiGateway: ApiGatewayAccount;

  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, props);
    this.apiGateway = new ApiGatewayAccount(this, 'ApiGateway');
  }
}
