import { RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, StreamViewType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { Grant, type IGrantable } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { CATALOG_INDEXES, CATALOG_KEYS } from '../../../lambdas/src/adapters/dynamo/schema';
import type { RushesContext } from '../config';

/** Epoch seconds after which DynamoDB deletes an item: feed notes only, two days after their commit. */
export const CATALOG_TTL_ATTRIBUTE = 'expiresAt';

/** What the DynamoDB adapter does with items (transactions are checked action by action). */
export const CATALOG_DATA_ACTIONS = [
  'GetItem',
  'BatchGetItem',
  'Query',
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'BatchWriteItem',
  'ConditionCheckItem',
  'DescribeTable',
].map((action) => `dynamodb:${action}`);

/**
 * Lets `grantee` read and write the catalog's items: the table and each of its indexes by name,
 * where `table.grantReadWriteData` would grant `index/*`, any index anyone adds later.
 */
export function grantCatalogData(table: Table, grantee: IGrantable): Grant {
  return Grant.addToPrincipal({
    grantee,
    actions: CATALOG_DATA_ACTIONS,
    resourceArns: [table.tableArn, ...CATALOG_INDEXES.map((index) => `${table.tableArn}/index/${index.indexName}`)],
  });
}

/**
 * The catalog: one DynamoDB table with the keys and indexes the DynamoDB adapter was
 * written and contract-tested against (lambdas/src/adapters/dynamo/schema.ts, imported, not
 * copied). On-demand billing (nothing to pay while idle), point-in-time recovery. Its stream
 * (new and old images: whether a write carries changes not numbered yet is told by comparing
 * its `feed` token with the one the item had) feeds the push channel's fan-out (push.ts),
 * which numbers those changes and nudges desktops; a stream read by a Lambda trigger is not
 * billed. Feed notes (the carriers of a mutation that writes no item of its own) expire by
 * TTL on `expiresAt`, which no other catalog item has.
 */
export class CatalogStack extends Stack {
  readonly table: Table;

  constructor(scope: Construct, id: string, props: StackProps & { context: RushesContext }) {
    super(scope, id, props);
    const { context } = props;
    this.table = new Table(this, 'Catalog', {
      partitionKey: { name: CATALOG_KEYS.partitionKey, type: AttributeType.STRING },
      sortKey: { name: CATALOG_KEYS.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      stream: StreamViewType.NEW_AND_OLD_IMAGES,
      timeToLiveAttribute: CATALOG_TTL_ATTRIBUTE,
      deletionProtection: context.removalPolicy === RemovalPolicy.RETAIN,
      removalPolicy: context.removalPolicy,
    });
    for (const index of CATALOG_INDEXES) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
        projectionType: ProjectionType.ALL,
      });
    }
  }
}
