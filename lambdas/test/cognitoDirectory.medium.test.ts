import { CognitoDirectory } from '../src/adapters/cognitoDirectory';
import { bootstrapIdentity } from '../src/local/bootstrap';
import { startCognitoStandin } from '../src/local/cognitoStandin';
import { freePortRange, tempDataDir } from '../../scripts/testing/localStack';
import { describeDirectoryContract } from './directoryContract';

// The Cognito adapter against real cognito-local, on a fresh user pool in a temporary folder.
describeDirectoryContract('cognito-local', async () => {
  const data = await tempDataDir();
  const cognito = await startCognitoStandin({ dataDir: data.dir, port: await freePortRange(1) });
  const ids = await bootstrapIdentity({
    client: cognito.adminClient,
    dataDir: data.dir,
    admin: { email: 'admin@example.com', password: 'Dailies-2026' },
  });
  return {
    directory: new CognitoDirectory(cognito.adminClient, ids.userPoolId),
    close: async () => {
      await cognito.stop();
      await data.remove();
    },
  };
});
