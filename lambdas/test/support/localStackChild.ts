// Local mode in a process of its own, as `npm start` runs it, for tests that kill it with
// SIGKILL and start it again on the same data folder. Reads its settings from the
// environment (RUSHES_*); prints one JSON line with the connection profile once ready.
import { readLocalConfig, startLocalStack } from '../../src/local';

const stack = await startLocalStack(readLocalConfig(process.env));
console.log(JSON.stringify({ ready: true, profile: stack.profile }));
