import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { secureTable } from './secure-table';

export interface DuressCodesProps {
  readonly key: kms.IKey;
}

/**
 * Staff check-in codes as salted scrypt hashes, one item per user: the duress code ({ userId, salt,
 * hash }) and, where a school's policy asks for a code with every check-in (checkIns.codeRequired),
 * the ordinary one beside it ({ ordinarySalt, ordinaryHash }), written by the trust's admin tooling
 * (not by any handler). Retained: re-enrolling every member of staff
 * after a stack replacement would leave them without a duress code meanwhile.
 */
export class DuressCodes extends Construct {
  readonly table: dynamodb.TableV2;
  private readonly key: kms.IKey;

  constructor(scope: Construct, id: string, props: DuressCodesProps) {
    super(scope, id);
    this.key = props.key;
    this.table = secureTable(this, 'Table', {
      key: props.key,
      partitionKey: { name: 'userId', type: dynamodb.AttributeType.STRING },
      retain: true,
    });
  }

  /** Check a code against the caller's stored hash (GetItem). */
  grantCheck(grantee: iam.IGrantable): void {
    this.table.grants.actions(grantee, 'dynamodb:GetItem');
    this.key.grantDecrypt(grantee);
  }
}
