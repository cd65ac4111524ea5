// Local mode and the desktop's upload manager in one process, for the kill -9 test of an upload
// (killLocal.medium.test.ts): a studio machine running both, killed and started again on the
// same data folder. The manager keeps its queue in `uploads.sqlite` in that folder, as the app
// keeps it in its own. Settings from the environment (RUSHES_* for local mode, and:
//   KILL_UPLOAD_SOURCE   a card folder to upload into Show/ (first start only: later starts resume)
//   KILL_UPLOAD_PART_MIB the part size, in MiB (5 at least)
// ). Prints JSON lines: {"ready":true}, then {"part":N} after each part the store took and
// {"file":N} after each file that succeeded (N counts within this process), and
// {"idle":[{name,state,error}…]} once nothing is left to do.
import path from 'node:path';
import { CognitoIdentityProviderClient, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { z } from 'zod';
import { BackendClient } from '../../../desktop/src/main/services/backend';
import { UploadManager } from '../../../desktop/src/main/services/uploads/manager';
import { MIB } from '../../../desktop/src/main/services/uploads/partPlan';
import { s3ClientFor } from '../../../desktop/src/main/services/uploads/s3Target';
import { backendSessions } from '../../../desktop/src/main/services/uploads/sessions';
import { UploadStore } from '../../../desktop/src/main/services/uploads/store';
import { readLocalConfig, startLocalStack } from '../../src/local';

const env = z
  .object({
    RUSHES_ADMIN_EMAIL: z.email(),
    RUSHES_ADMIN_PASSWORD: z.string().min(12),
    KILL_UPLOAD_SOURCE: z.string().min(1).optional(),
    KILL_UPLOAD_PART_MIB: z.coerce.number().int().min(5).max(5120),
  })
  .parse(process.env);

const config = readLocalConfig(process.env);
const stack = await startLocalStack(config);
const { profile } = stack;
const cognito = new CognitoIdentityProviderClient({
  region: 'local',
  endpoint: profile.cognito.endpoint,
  credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
});
let token = '';
const signIn = async () => {
  const answer = await cognito.send(
    new InitiateAuthCommand({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: profile.cognito.clientId,
      AuthParameters: { USERNAME: env.RUSHES_ADMIN_EMAIL, PASSWORD: env.RUSHES_ADMIN_PASSWORD },
    }),
  );
  token = answer.AuthenticationResult!.IdToken!;
};
await signIn();
const backend = new BackendClient(profile.apiUrl, async () => token, signIn);
const say = (line: object) => console.log(JSON.stringify(line));

const store = new UploadStore(path.join(config.dataDir, 'uploads.sqlite'));
let parts = 0;
let files = 0;
const succeeded = new Set<string>();
const uploads = new UploadManager({
  store,
  sessions: backendSessions(backend),
  limits: { partSize: env.KILL_UPLOAD_PART_MIB * MIB },
  custody: { hostName: 'kill-test', toolVersion: 'test' },
  onChange: (changed) => {
    for (const view of changed) {
      if (view.state !== 'succeeded' || succeeded.has(view.id)) continue;
      succeeded.add(view.id);
      say({ file: ++files });
    }
  },
  makeClient: (target, grant) => {
    const client = s3ClientFor(target, grant);
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        if (context.commandName === 'UploadPartCommand') say({ part: ++parts });
        return result;
      },
      { step: 'initialize', name: 'killTestEvents' },
    );
    return client;
  },
  log: (message, error) => console.error(message, error),
});
// Already succeeded before this start: not reported again.
for (const view of uploads.list()) if (view.state === 'succeeded') succeeded.add(view.id);
say({ ready: true });
uploads.setOnline(true);
if (env.KILL_UPLOAD_SOURCE && store.all().length === 0) {
  await backend.call('createFolder', { body: { parentPath: '', name: 'Show' } });
  await uploads.start({ folderPath: 'Show/', paths: [env.KILL_UPLOAD_SOURCE], decisions: {} });
}
await uploads.idle();
say({
  idle: uploads.list().map((view) => ({ name: view.name, state: view.state, error: view.error, custody: view.custody?.state ?? null })),
});
