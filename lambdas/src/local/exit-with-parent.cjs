// Preloaded (`node -r`) into stand-in child processes: the parent holds our stdin open, so
// when it exits, even by SIGKILL, stdin ends and the child follows instead of lingering.
'use strict';
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();
