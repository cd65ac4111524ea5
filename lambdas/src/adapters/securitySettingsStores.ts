import { readFile, rename, writeFile } from 'node:fs/promises';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecuritySettingsSchema, type SecuritySettings } from '@rushes/shared';
import type { SecuritySettingsStore } from '../ports';

/** Settings that fail the schema were not written by us: say where, never guess. */
function parseStored(text: string, where: string): SecuritySettings {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`${where} is not valid JSON; fix it or remove it to go back to the defaults.`);
  }
  const parsed = SecuritySettingsSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${where}: ${issue?.path.join('.') || 'settings'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

/** Local mode: one JSON file in the data folder, replaced atomically. */
export class JsonFileSecuritySettings implements SecuritySettingsStore {
  constructor(private readonly file: string) {}

  async read(): Promise<SecuritySettings | null> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    return parseStored(text, this.file);
  }

  async write(settings: SecuritySettings): Promise<void> {
    const temp = `${this.file}.${process.pid}.tmp`;
    await writeFile(temp, JSON.stringify(settings, null, 2) + '\n', { mode: 0o600 });
    await rename(temp, this.file);
  }
}

const SETTINGS_KEY = { pk: 'settings', sk: 'security' } as const;

/** The cloud: one item in the catalog's table, which the API Lambda already reads and writes. */
export class DynamoSecuritySettings implements SecuritySettingsStore {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
  ) {
    this.doc = DynamoDBDocumentClient.from(client);
  }

  async read(): Promise<SecuritySettings | null> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: SETTINGS_KEY, ConsistentRead: true }));
    if (!Item) return null;
    return parseStored(String(Item['settings']), `The security settings item of table ${this.tableName}`);
  }

  async write(settings: SecuritySettings): Promise<void> {
    await this.doc.send(
      new PutCommand({ TableName: this.tableName, Item: { ...SETTINGS_KEY, entity: 'settings', settings: JSON.stringify(settings) } }),
    );
  }
}
