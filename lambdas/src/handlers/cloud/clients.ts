import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SSMClient } from '@aws-sdk/client-ssm';
import { DynamoLookRenderStore } from '../../adapters/dynamo/lookRenders';
import { DynamoCatalog } from '../../adapters/dynamoCatalog';
import { S3ObjectStore } from '../../adapters/s3ObjectStore';
import { SsmTransferExecutor } from '../../adapters/ssmTransferExecutor';
import { systemClock } from '../../ports';
import type { ApiConfig, StorageConfig } from './config';

/** The catalog and both buckets on AWS, built once per Lambda container. */
export function cloudStorage(config: StorageConfig) {
  const s3 = new S3Client({ region: config.region });
  const store = (bucket: string) => new S3ObjectStore(s3, { bucket, largeCopy: 'multipart', copySourceEncoding: 'component' });
  return {
    s3,
    catalog: new DynamoCatalog({
      client: new DynamoDBClient({ region: config.region }),
      tableName: config.table,
      clock: systemClock,
      pumpOnRead: false,
    }),
    objects: store(config.mediaBucket),
    derived: store(config.derivedBucket),
  };
}

export function cognitoClient(region: string): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({ region });
}

/** Transfers to workstations through SSM Run Command of the project's documents (the transfers stack). */
export function cloudTransferExecutor(config: Pick<ApiConfig, 'region' | 'transferDocuments' | 'transferLogGroup'>): SsmTransferExecutor {
  return new SsmTransferExecutor(new SSMClient({ region: config.region }), config.transferDocuments, {
    outputLogGroup: config.transferLogGroup,
  });
}

/** Where queued look re-renders keep their progress: the catalog table. */
export function cloudLookRenderStore(config: StorageConfig): DynamoLookRenderStore {
  return new DynamoLookRenderStore(DynamoDBDocumentClient.from(new DynamoDBClient({ region: config.region })), config.table);
}
