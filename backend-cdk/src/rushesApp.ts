import type { App, Environment } from 'aws-cdk-lib';
import { readContext, type RushesContext } from './config';
import { ApiStack } from './stacks/api';
import { AuthStack } from './stacks/auth';
import { CatalogStack } from './stacks/catalog';
import { ProcessingStack } from './stacks/processing';
import { PushStack } from './stacks/push';
import { StorageStack } from './stacks/storage';
import { TransfersStack } from './stacks/transfers';

export interface RushesStacks {
  context: RushesContext;
  storage: StorageStack;
  auth: AuthStack;
  catalog: CatalogStack;
  processing: ProcessingStack;
  api: ApiStack;
  push: PushStack;
  transfers: TransfersStack;
}

/**
 * Every Rushes stack of one deploy, named `Rushes-<env>-<Part>`. Environment-agnostic unless
 * `env` is given: synth needs no account, region or credentials, and no lookup runs.
 *
 * Transfers (S3 ↔ FSx: SSM documents, the command-status rule and its Lambda, the workstation
 * policy) name their documents after the environment, so the API's router is granted them
 * without the two stacks depending on each other.
 */
export function buildRushes(app: App, env?: Environment): RushesStacks {
  const context = readContext(app.node);
  const name = (part: string) => `Rushes-${context.envName}-${part}`;
  const common = { env, context, tags: { application: 'rushes', environment: context.envName } };
  const storage = new StorageStack(app, name('Storage'), { ...common, description: 'Rushes: media and derived buckets' });
  const catalog = new CatalogStack(app, name('Catalog'), { ...common, description: 'Rushes: the catalog table' });
  const auth = new AuthStack(app, name('Auth'), {
    ...common,
    table: catalog.table,
    description: 'Rushes: users, groups, the desktop app client, sign-in failures to the audit log',
  });
  const buckets = { media: storage.media, derived: storage.derived, table: catalog.table };
  const processing = new ProcessingStack(app, name('Processing'), {
    ...common,
    ...buckets,
    description: 'Rushes: ingest, MediaConvert, job status',
  });
  const api = new ApiStack(app, name('Api'), {
    ...common,
    ...buckets,
    userPool: auth.userPool,
    appClient: auth.appClient,
    lookRenders: processing.lookRenders,
    description: 'Rushes: HTTP API, JWT authorizer, router Lambda, upload role',
  });
  const push = new PushStack(app, name('Push'), {
    ...common,
    table: catalog.table,
    userPool: auth.userPool,
    appClient: auth.appClient,
    description: 'Rushes: the change feed push channel (WebSocket API, connection table, stream fan-out)',
  });
  const transfers = new TransfersStack(app, name('Transfers'), {
    ...common,
    ...buckets,
    description: 'Rushes: SSM transfer documents, command status rule and Lambda, workstation policy',
  });
  return { context, storage, auth, catalog, processing, api, push, transfers };
}
