import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseConnectionProfile, type ConnectionProfile } from '@rushes/shared';

/** Reads and validates the connection profile that local mode, a cloud deploy or an import wrote. */
export async function loadProfile(file: string): Promise<ConnectionProfile> {
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch {
    throw new Error(`No connection profile at ${file}. Start local mode with \`npm start\`, or point RUSHES_PROFILE at a cloud profile.`);
  }
  const parsed = parseConnectionProfile(raw);
  if (!parsed.ok) throw new Error(`${file}: ${parsed.message}`);
  return parsed.profile;
}

/** Keeps an imported profile where the next start finds it; private to the user (it names the backend). */
export async function saveProfile(file: string, profile: ConnectionProfile): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, JSON.stringify(profile, null, 2) + '\n', { mode: 0o600 });
  await rename(temp, file);
}
