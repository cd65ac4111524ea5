// The Rushes CDK app: `npm run synth` (offline, into backend-cdk/cdk.out) or `cdk deploy`.
import { App } from 'aws-cdk-lib';
import { checkWithAwsSolutions } from '../src/nag';
import { buildRushes } from '../src/rushesApp';

const app = new App();
// An account and region only when the CLI supplies them (deploy); synth needs neither.
const account = process.env['CDK_DEFAULT_ACCOUNT'];
const region = process.env['CDK_DEFAULT_REGION'];
buildRushes(app, account && region ? { account, region } : undefined);
// A finding no construct acknowledges with a reason stops synth (and so deploy).
checkWithAwsSolutions(app);
app.synth();
