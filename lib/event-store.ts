import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { FIRST_VERSION, STREAM_ID } from '../functions/adapters/event-table';
import { secureTable } from './secure-table';

export interface EventStoreProps {
  /** The trust's data key: the table is encrypted with it. */
  readonly key: kms.IKey;
}

/**
 * The source of truth: one item per append, keyed by stream and first version. Point-in-time
 * recovery, deletion protection, retained when the stack goes, encrypted with the trust's key.
 * Handlers are granted Put and read, never Update or Delete: history is appended, not edited.
 * Its stream carries each append to the alert publisher.
 */
export class EventStore extends Construct {
  readonly table: dynamodb.TableV2;
  private readonly key: kms.IKey;

  constructor(scope: Construct, id: string, props: EventStoreProps) {
    super(scope, id);
    this.key = props.key;
    this.table = secureTable(this, 'Table', {
      key: props.key,
      partitionKey: { name: STREAM_ID, type: dynamodb.AttributeType.STRING },
      sortKey: { name: FIRST_VERSION, type: dynamodb.AttributeType.NUMBER },
      retain: true,
      // Every append's events, for the alert publisher (lib/alert-delivery.ts): the outbox, as local/table-stream.ts emulates it.
      stream: dynamodb.StreamViewType.NEW_IMAGE,
    });
  }

  /** Read streams (Query, GetItem) and decrypt them. */
  grantRead(grantee: iam.IGrantable): void {
    this.table.grants.actions(grantee, 'dynamodb:GetItem', 'dynamodb:Query');
    this.key.grantDecrypt(grantee);
  }

  /** Append: a conditional PutItem of a new item. Never UpdateItem or DeleteItem. */
  grantAppend(grantee: iam.IGrantable): void {
    this.table.grants.actions(grantee, 'dynamodb:PutItem');
    this.key.grantEncryptDecrypt(grantee);
  }
}
