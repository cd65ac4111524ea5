// A stand-in for xxhsum (package xxhash, not installed on this machine) for the workstation
// script's tests: `xxhsum -H1` of stdin, printed as xxhsum prints it. The xxh64 itself is
// real (xxhash-wasm, the one the uploads use); only the program around it is ours.
import xxhash from 'xxhash-wasm';

if (process.argv.slice(2).join(' ') !== '-H1') {
  process.stderr.write(`xxhsum stand-in: only -H1 of stdin, not ${process.argv.slice(2).join(' ')}\n`);
  process.exit(2);
}
const hasher = (await xxhash()).create64();
for await (const chunk of process.stdin) hasher.update(chunk);
process.stdout.write(`${hasher.digest().toString(16).padStart(16, '0')}  stdin\n`);
