import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { TASK_TOKEN_KEY } from '../functions/adapters/task-tokens';
import { secureTable } from './secure-table';

export interface TaskTokensProps {
  readonly key: kms.IKey;
}

/**
 * Where a guarded wait keeps its task token (one item per visit), apart from the events so that
 * the roles that take tokens may delete them while no role may delete an event. Tokens are
 * short-lived and re-created by the next wait: the table goes with the stack.
 */
export class TaskTokens extends Construct {
  readonly table: dynamodb.TableV2;
  private readonly key: kms.IKey;

  constructor(scope: Construct, id: string, props: TaskTokensProps) {
    super(scope, id);
    this.key = props.key;
    this.table = secureTable(this, 'Table', {
      key: props.key,
      partitionKey: { name: TASK_TOKEN_KEY, type: dynamodb.AttributeType.STRING },
    });
  }

  /** The wait's task stores its token (PutItem). */
  grantStore(grantee: iam.IGrantable): void {
    this.table.grants.actions(grantee, 'dynamodb:PutItem');
    this.key.grantEncryptDecrypt(grantee);
  }

  /** Whoever signals a wait reads the token and takes it (GetItem, conditional DeleteItem). */
  grantTake(grantee: iam.IGrantable): void {
    this.table.grants.actions(grantee, 'dynamodb:GetItem', 'dynamodb:DeleteItem');
    this.key.grantDecrypt(grantee);
  }
}
