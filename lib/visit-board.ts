import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { BOARD_SCHOOL_ID, BOARD_VISIT_ID } from '../functions/adapters/visit-board';
import { secureTable } from './secure-table';

export interface VisitBoardProps {
  readonly key: kms.IKey;
}

/**
 * The office board's read model: one item per visit (school, visit), replaced after each append.
 * Rebuildable from the events, so it goes with the stack.
 */
export class VisitBoard extends Construct {
  readonly table: dynamodb.TableV2;
  private readonly key: kms.IKey;

  constructor(scope: Construct, id: string, props: VisitBoardProps) {
    super(scope, id);
    this.key = props.key;
    this.table = secureTable(this, 'Table', {
      key: props.key,
      partitionKey: { name: BOARD_SCHOOL_ID, type: dynamodb.AttributeType.STRING },
      sortKey: { name: BOARD_VISIT_ID, type: dynamodb.AttributeType.STRING },
    });
  }

  /** Project a visit's summary: a PutItem conditional on the version (stale projections lose). */
  grantProject(grantee: iam.IGrantable): void {
    this.table.grants.actions(grantee, 'dynamodb:PutItem');
    this.key.grantEncryptDecrypt(grantee);
  }

  /** List the board: Query one school, or Scan the trust. */
  grantList(grantee: iam.IGrantable): void {
    this.table.grants.actions(grantee, 'dynamodb:Query', 'dynamodb:Scan');
    this.key.grantDecrypt(grantee);
  }
}
