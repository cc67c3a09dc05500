import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { BOARD_OPEN, BOARD_OPEN_INDEX, BOARD_SCHOOL_ID, BOARD_VISIT_ID } from '../functions/adapters/visit-board';
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
      // Sparse: only unfinished visits carry the key, so "who is out" reads today's visits, not every visit ever made.
      globalSecondaryIndexes: [
        {
          indexName: BOARD_OPEN_INDEX,
          partitionKey: { name: BOARD_OPEN, type: dynamodb.AttributeType.STRING },
          sortKey: { name: BOARD_SCHOOL_ID, type: dynamodb.AttributeType.STRING },
          projectionType: dynamodb.ProjectionType.ALL,
        },
      ],
    });
  }

  /** Project a visit's summary: a PutItem conditional on the version (stale projections lose). */
  grantProject(grantee: iam.IGrantable): void {
    // Named resources rather than table.grants: with an index on the table, those add `index/*` to every grant.
    iam.Grant.addToPrincipal({ grantee, actions: ['dynamodb:PutItem'], resourceArns: [this.table.tableArn] });
    this.key.grantEncryptDecrypt(grantee);
  }

  /** List the board: Query the open index (what the office asks), one school, or Scan the trust (every visit ever). */
  grantList(grantee: iam.IGrantable): void {
    iam.Grant.addToPrincipal({
      grantee,
      actions: ['dynamodb:Query', 'dynamodb:Scan'],
      resourceArns: [this.table.tableArn, `${this.table.tableArn}/index/${BOARD_OPEN_INDEX}`],
    });
    this.key.grantDecrypt(grantee);
  }
}
