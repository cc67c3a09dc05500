import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';

export interface SecureTableProps {
  readonly key: kms.IKey;
  readonly partitionKey: dynamodb.Attribute;
  readonly sortKey?: dynamodb.Attribute;
  /** @default no stream */
  readonly stream?: dynamodb.StreamViewType;
  /** @default none */
  readonly globalSecondaryIndexes?: dynamodb.GlobalSecondaryIndexPropsV2[];
  /** @default no TTL */
  readonly timeToLiveAttribute?: string;
  /**
   * Kept when the stack goes, with deletion protection: for what cannot be rebuilt (events, duress codes).
   * @default false: the table goes with the stack (read models and tokens the workflow re-creates)
   */
  readonly retain?: boolean;
}

/** Every table's secure defaults in one place: on demand, encrypted with the trust's key, point-in-time recovery. */
export function secureTable(scope: Construct, id: string, props: SecureTableProps): dynamodb.TableV2 {
  return new dynamodb.TableV2(scope, id, {
    partitionKey: props.partitionKey,
    ...(props.sortKey ? { sortKey: props.sortKey } : {}),
    ...(props.globalSecondaryIndexes ? { globalSecondaryIndexes: props.globalSecondaryIndexes } : {}),
    ...(props.stream ? { dynamoStream: props.stream } : {}),
    ...(props.timeToLiveAttribute ? { timeToLiveAttribute: props.timeToLiveAttribute } : {}),
    billing: dynamodb.Billing.onDemand(),
    encryption: dynamodb.TableEncryptionV2.customerManagedKey(props.key),
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    ...(props.retain ? { deletionProtection: true, removalPolicy: RemovalPolicy.RETAIN } : { removalPolicy: RemovalPolicy.DESTROY }),
  });
}
