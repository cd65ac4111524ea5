import { randomUUID } from 'node:crypto';
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Transfer, TransferFile, Workstation } from '@rushes/shared';
import { CatalogConflict, CatalogNotFound } from '../../ports';
import type { Item } from './records';
import { TRANSFERS_BY_REQUESTER_INDEX, TRANSFERS_INDEX, UNFINISHED_TRANSFERS_INDEX } from './schema';
import type { CatalogTable } from './table';

/**
 * Workstations and transfer jobs in the catalog table (layout in schema.ts).
 *
 * A job may list 10,000 files with keys up to 1,024 characters: far more than one item
 * (400 KB) or one transaction (4 MB) holds. So the job's header is one item and its file
 * list is split into chunk items written beside it, each under a token that is new for every
 * write. An update writes the new chunks first, then replaces the header on condition that
 * its version is still the one read (the commit point), then deletes the old chunks. A
 * reader gets the header, then the chunks of its token; if those were deleted meanwhile (a
 * newer write won), it reads again. A writer that loses deletes its own chunks.
 */

export const WORKSTATION_PK = 'workstation';
const JOB_SK = 'job';
const UNFINISHED = 'unfinished';
// Below every character a time or an id holds, as in records.ts.
const TIE = '\u0001';
/** Room under DynamoDB's 400 KB item limit for the keys and attribute names of a chunk. */
const CHUNK_BYTES = 350_000;
const READ_ATTEMPTS = 10;

export const workstationKey = (id: string) => ({ pk: WORKSTATION_PK, sk: id });
export const transferKey = (id: string) => ({ pk: `transfer#${id}`, sk: JOB_SK });
const chunkKey = (id: string, token: string, index: number) => ({
  pk: `transfer#${id}`,
  sk: `files#${token}#${String(index).padStart(6, '0')}`,
});
export const requesterPk = (userId: string) => `requester#${userId}`;

export function workstationItem(workstation: Workstation): Item {
  return { ...workstationKey(workstation.id), entity: 'workstation', ...workstationFields(workstation) };
}

export function toWorkstation(item: Item): Workstation {
  return workstationFields(item as unknown as Workstation);
}

function workstationFields(workstation: Workstation): Workstation {
  return {
    id: workstation.id,
    name: workstation.name,
    platform: workstation.platform,
    instanceId: workstation.instanceId,
    shareRoot: workstation.shareRoot,
    groups: [...workstation.groups],
    createdAt: workstation.createdAt,
    modifiedAt: workstation.modifiedAt,
  };
}

/** Code point order, as SQLite's BINARY collation and DynamoDB's sort keys compare. */
export function byNameThenId(a: Workstation, b: Workstation): number {
  return Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)) || Buffer.compare(Buffer.from(a.id), Buffer.from(b.id));
}

export class DynamoTransferTables {
  constructor(private readonly table: CatalogTable) {}

  // Workstations -------------------------------------------------------------------------

  async listWorkstations(): Promise<Workstation[]> {
    const found: Workstation[] = [];
    for await (const item of this.table.query({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': WORKSTATION_PK },
      ConsistentRead: true,
    })) {
      found.push(toWorkstation(item));
    }
    return found.sort(byNameThenId);
  }

  async getWorkstation(id: string): Promise<Workstation | null> {
    const item = await this.table.get(workstationKey(id));
    return item ? toWorkstation(item) : null;
  }

  async putWorkstation(workstation: Workstation, must: 'new' | 'existing'): Promise<Workstation> {
    try {
      await this.table.doc.send(
        new PutCommand({
          TableName: this.table.name,
          Item: workstationItem(workstation),
          ConditionExpression: must === 'new' ? 'attribute_not_exists(pk)' : 'attribute_exists(pk)',
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      if (must === 'new') throw new CatalogConflict(`Workstation ${workstation.id} already exists`);
      throw new CatalogNotFound(`Workstation ${workstation.id} does not exist`);
    }
    return workstation;
  }

  async removeWorkstation(id: string): Promise<void> {
    try {
      await this.table.doc.send(
        new DeleteCommand({ TableName: this.table.name, Key: workstationKey(id), ConditionExpression: 'attribute_exists(pk)' }),
      );
    } catch (error) {
      if (isConditionFailure(error)) throw new CatalogNotFound(`Workstation ${id} does not exist`);
      throw error;
    }
  }

  // Transfer jobs ------------------------------------------------------------------------

  async createTransfer(transfer: Transfer): Promise<Transfer> {
    if (transfer.version !== 1) throw new Error(`A new transfer has version 1, not ${transfer.version} (${transfer.id})`);
    await this.write(transfer, null);
    return transfer;
  }

  async updateTransfer(transfer: Transfer): Promise<Transfer> {
    const stored = await this.table.get(transferKey(transfer.id));
    if (!stored) throw new CatalogNotFound(`Transfer ${transfer.id} does not exist`);
    await this.write(transfer, stored);
    return transfer;
  }

  async getTransfer(id: string): Promise<Transfer | null> {
    const header = await this.table.get(transferKey(id));
    return header ? this.withFiles(header) : null;
  }

  /** The whole job of a header read from an index or the table; null if it is gone. */
  async withFiles(header: Item): Promise<Transfer | null> {
    let current: Item | undefined = header;
    for (let attempt = 1; current; attempt += 1) {
      const files = await this.readChunks(current['id'] as string, current['filesToken'] as string, current['chunks'] as number);
      if (files) return toTransfer(current, files);
      // The chunks of that version were replaced meanwhile: read the header that replaced them.
      if (attempt >= READ_ATTEMPTS) throw new Error(`Transfer ${String(current['id'])} kept changing while it was read`);
      current = await this.table.get(transferKey(current['id'] as string));
    }
    return null;
  }

  /** Headers still unfinished by the sparse index, read again from the table (the index lags). */
  async listUnfinished(): Promise<Transfer[]> {
    const { indexName, partitionKey } = UNFINISHED_TRANSFERS_INDEX;
    const found: Transfer[] = [];
    for await (const item of this.table.query({
      IndexName: indexName,
      KeyConditionExpression: '#p = :p',
      ExpressionAttributeNames: { '#p': partitionKey },
      ExpressionAttributeValues: { ':p': UNFINISHED },
    })) {
      const job = await this.getTransfer(item['id'] as string);
      if (job && (job.state === 'queued' || job.state === 'running')) found.push(job);
    }
    return found;
  }

  private async write(transfer: Transfer, stored: Item | null): Promise<void> {
    const token = `${String(transfer.version).padStart(10, '0')}-${randomUUID()}`;
    const chunks = chunkFiles(transfer.files);
    await Promise.all(
      chunks.map((files, index) =>
        this.table.doc.send(
          new PutCommand({ TableName: this.table.name, Item: { ...chunkKey(transfer.id, token, index), entity: 'transferFiles', files } }),
        ),
      ),
    );
    try {
      await this.table.doc.send(
        new PutCommand({
          TableName: this.table.name,
          Item: headerItem(transfer, token, chunks.length),
          ...(stored === null
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : {
                ConditionExpression: '#version = :version',
                ExpressionAttributeNames: { '#version': 'version' },
                ExpressionAttributeValues: { ':version': transfer.version - 1 },
              }),
        }),
      );
    } catch (error) {
      await this.deleteChunks(transfer.id, token, chunks.length);
      if (!isConditionFailure(error)) throw error;
      if (stored === null) throw new CatalogConflict(`Transfer ${transfer.id} already exists`);
      throw new CatalogConflict(
        `Transfer ${transfer.id} changed meanwhile; an update to version ${transfer.version} was based on an older copy`,
      );
    }
    if (stored) await this.deleteChunks(transfer.id, stored['filesToken'] as string, stored['chunks'] as number);
  }

  private async readChunks(id: string, token: string, count: number): Promise<TransferFile[] | null> {
    const parts: string[] = [];
    for await (const item of this.table.query({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': `transfer#${id}`, ':prefix': `files#${token}#` },
      ConsistentRead: true,
    })) {
      parts.push(item['files'] as string);
    }
    if (parts.length !== count) return null;
    return parts.flatMap((part) => JSON.parse(part) as TransferFile[]);
  }

  private async deleteChunks(id: string, token: string, count: number): Promise<void> {
    await Promise.all(
      Array.from({ length: count }, (_, index) =>
        this.table.doc.send(new DeleteCommand({ TableName: this.table.name, Key: chunkKey(id, token, index) })),
      ),
    );
  }
}

export function transferListKeys(requestedById: string | undefined) {
  return requestedById === undefined
    ? { index: TRANSFERS_INDEX, partition: 'transfers' }
    : { index: TRANSFERS_BY_REQUESTER_INDEX, partition: requesterPk(requestedById) };
}

/** The file list as JSON strings of at most CHUNK_BYTES each (one file per chunk at least). */
function chunkFiles(files: readonly TransferFile[]): string[] {
  const chunks: string[] = [];
  let current: string[] = [];
  let bytes = 2;
  for (const file of files) {
    const json = JSON.stringify(file);
    const size = Buffer.byteLength(json) + 1;
    if (current.length > 0 && bytes + size > CHUNK_BYTES) {
      chunks.push(`[${current.join(',')}]`);
      current = [];
      bytes = 2;
    }
    current.push(json);
    bytes += size;
  }
  if (current.length > 0 || chunks.length === 0) chunks.push(`[${current.join(',')}]`);
  return chunks;
}

function headerItem(transfer: Transfer, filesToken: string, chunks: number): Item {
  const { files: _files, ...header } = transfer;
  const unfinished = transfer.state === 'queued' || transfer.state === 'running';
  return {
    ...transferKey(transfer.id),
    entity: 'transfer',
    ...header,
    workstation: { ...transfer.workstation },
    manifest: { ...transfer.manifest },
    filesToken,
    chunks,
    [TRANSFERS_INDEX.partitionKey]: 'transfers',
    [TRANSFERS_INDEX.sortKey]: `${transfer.createdAt}${TIE}${transfer.id}`,
    [TRANSFERS_BY_REQUESTER_INDEX.partitionKey]: requesterPk(transfer.requestedById),
    ...(unfinished
      ? {
          [UNFINISHED_TRANSFERS_INDEX.partitionKey]: UNFINISHED,
          [UNFINISHED_TRANSFERS_INDEX.sortKey]: `${transfer.deadline}${TIE}${transfer.id}`,
        }
      : {}),
  };
}

function toTransfer(item: Item, files: TransferFile[]): Transfer {
  const workstation = item['workstation'] as Transfer['workstation'];
  const manifest = item['manifest'] as Transfer['manifest'];
  return {
    id: item['id'] as string,
    operation: item['operation'] as Transfer['operation'],
    workstation: {
      id: workstation.id,
      name: workstation.name,
      platform: workstation.platform,
      instanceId: workstation.instanceId,
      shareRoot: workstation.shareRoot,
    },
    requestedBy: item['requestedBy'] as string,
    requestedById: item['requestedById'] as string,
    state: item['state'] as Transfer['state'],
    reason: item['reason'] as string | null,
    commandId: item['commandId'] as string | null,
    manifest: { bucket: manifest.bucket, key: manifest.key },
    files,
    createdAt: item['createdAt'] as string,
    startedAt: item['startedAt'] as string | null,
    finishedAt: item['finishedAt'] as string | null,
    deadline: item['deadline'] as string,
    version: item['version'] as number,
  };
}

function isConditionFailure(error: unknown): boolean {
  return (error as { name?: string }).name === 'ConditionalCheckFailedException';
}
