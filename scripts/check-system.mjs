// Checks for the system programs Rushes needs: Chromium (web mode, browser tests),
// ffmpeg/ffprobe (media), Java 17 (DynamoDB Local, for the cloud catalog's tests) and Debian's
// awscli (the baseline of `npm run bench -- upload`), xmllint (schema checks of ASC MHL files in the tests). On Debian or Ubuntu it installs what is missing when it can (root,
// or passwordless sudo); otherwise it says in one line what to run.
// Samba (smbd, smbclient) is only for the test that names round-trip through an SMB share.
// It is reported, never installed from here: on a desktop, installing it starts a file
// server. CI installs it and sets RUSHES_REQUIRE_SMB=1.
//   node scripts/check-system.mjs            report; install if possible
//   node scripts/check-system.mjs --quiet    same, silent when all is present (npm postinstall)
//   node scripts/check-system.mjs --require  exit 1 if anything is still missing (npm test)
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const quiet = process.argv.includes('--quiet');
const require = process.argv.includes('--require');

const needs = [
  { what: 'Chromium', apt: 'chromium', found: () => chromiumPath() },
  { what: 'ffmpeg', apt: 'ffmpeg', found: () => onPath('ffmpeg') },
  { what: 'ffprobe', apt: 'ffmpeg', found: () => onPath('ffprobe') },
  // DynamoDB Local (the cloud catalog's contract tests) runs on Java 17.
  { what: 'Java 17', apt: 'openjdk-17-jre-headless', found: () => onPath('java') },
  // The upload benchmark's baseline: `aws s3 cp` from Debian's package, not a pip or pyenv one.
  { what: 'awscli', apt: 'awscli', found: () => (existsSync('/usr/bin/aws') ? '/usr/bin/aws' : null) },
  // The tests validate the ASC MHL files Rushes writes against the ASC's XSD with it.
  { what: 'xmllint', apt: 'libxml2-utils', found: () => onPath('xmllint') },
];
const optional = [
  { what: 'smbd', apt: 'samba', found: () => onPath('smbd') ?? (existsSync('/usr/sbin/smbd') ? '/usr/sbin/smbd' : null) },
  { what: 'smbclient', apt: 'smbclient', found: () => onPath('smbclient') },
];

function reportOptional() {
  const absentOptional = optional.filter((need) => !need.found());
  if (absentOptional.length > 0 && !quiet) {
    const packages = [...new Set(absentOptional.map((need) => need.apt))].join(' ');
    console.log(
      `Optional: the SMB name round-trip test is skipped without ${absentOptional.map((n) => n.what).join(', ')} (\`sudo apt-get install -y ${packages}\`, then \`sudo systemctl disable --now smbd nmbd\` on a desktop).`,
    );
  }
}

export function chromiumPath() {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  return candidates.find((candidate) => candidate && existsSync(candidate)) ?? null;
}

function onPath(command) {
  const result = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : null;
}

function missing() {
  return needs.filter((need) => !need.found());
}

function run(argv) {
  return (
    spawnSync(argv[0], argv.slice(1), { stdio: quiet ? 'ignore' : 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })
      .status === 0
  );
}

let absent = missing();
if (absent.length === 0) {
  if (!quiet) console.log('System check: Chromium, ffmpeg, ffprobe, Java, awscli and xmllint are installed.');
  reportOptional();
  process.exit(0);
}

const packages = [...new Set(absent.map((need) => need.apt))];
const canApt = process.platform === 'linux' && onPath('apt-get');
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const sudo = !isRoot && onPath('sudo') && spawnSync('sudo', ['-n', 'true']).status === 0 ? ['sudo', '-n'] : null;

if (canApt && (isRoot || sudo) && !process.env.RUSHES_NO_SYSTEM_INSTALL) {
  console.log(`Installing ${packages.join(', ')} with apt-get (needed for media processing and browser tests)…`);
  const prefix = sudo ?? [];
  run([...prefix, 'apt-get', 'update', '-qq']);
  run([...prefix, 'apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...packages]);
  absent = missing();
}

if (absent.length > 0) {
  const hint = canApt
    ? `sudo apt-get install -y ${packages.join(' ')}`
    : process.platform === 'darwin'
      ? `brew install ffmpeg && brew install --cask chromium`
      : `install ${absent.map((need) => need.what).join(', ')} and set CHROMIUM_PATH if Chromium is elsewhere`;
  console.log(`Rushes needs ${absent.map((need) => need.what).join(', ')}: run \`${hint}\``);
  process.exit(require ? 1 : 0);
}
if (!quiet) console.log('System check: everything Rushes needs is installed.');
reportOptional();
