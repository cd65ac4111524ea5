import { readFile } from 'node:fs/promises';
import { ConnectionProfileSchema, type ConnectionProfile } from '@rushes/shared';

/** Reads and validates the connection profile that local mode or a cloud deploy wrote. */
export async function loadProfile(file: string): Promise<ConnectionProfile> {
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch {
    throw new Error(`No connection profile at ${file}. Start local mode with \`npm start\`, or point RUSHES_PROFILE at a cloud profile.`);
  }
  const parsed = ConnectionProfileSchema.safeParse(JSON.parse(raw));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`The connection profile ${file} is not valid: ${issue?.path.join('.')} ${issue?.message}`);
  }
  return parsed.data;
}
