import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { NO_REVIEW, withTakeMarks, type AssetReview, type IsoDateTime, type Note } from '@rushes/shared';
import { CatalogConflict, CatalogNotFound, type CatalogAsset, type TakeUpdate } from '../../ports';
import { WriteRefused, type Mutation, type WriteItem } from './feed';
import { assetKey, toAsset, type Item, type ItemKey } from './records';
import type { CatalogTable } from './table';
import { replaceAsset } from './writes';

/**
 * Notes in DynamoDB, with no index of their own. A note lives in its asset's partition
 * (`asset#<id>` / `note#<note id>`): an asset's notes are one strongly consistent Query beside
 * the asset item, and the transaction that writes a note rewrites the asset item (counts,
 * version) under a condition on its version, so two writers on one asset take turns and the
 * counts are always right. A small pointer item (`note#<note id>` / `note`) names the asset,
 * so a note is found by its id alone. Deleting a thread removes the note, its pointer and as
 * many replies as fit in that transaction; replies past that go right after, and a reply
 * whose thread is gone is never shown meanwhile.
 */
const NOTE_SK_PREFIX = 'note#';
const noteKey = (assetId: string, id: string): ItemKey => ({ pk: `asset#${assetId}`, sk: `${NOTE_SK_PREFIX}${id}` });
const pointerKey = (id: string): ItemKey => ({ pk: `note#${id}`, sk: 'note' });

const RETRIES = 10;
/** Replies deleted with their thread in one transaction: 100 items less the asset, its change, the note and its pointer, two each. */
const REPLIES_IN_TRANSACTION = 47;
const BATCH_WRITE_ITEMS = 25;
const PARALLEL_QUERIES = 8;

export class DynamoNoteTables {
  constructor(private readonly table: CatalogTable) {}

  async listNotes(assetId: string): Promise<Note[]> {
    const notes: Note[] = [];
    const items = this.table.query({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': assetKey(assetId).pk, ':prefix': NOTE_SK_PREFIX },
      ConsistentRead: true,
    });
    for await (const item of items) notes.push(toNote(item));
    const threads = new Set(notes.filter((note) => note.parentId === null).map((note) => note.id));
    return notes.filter((note) => note.parentId === null || threads.has(note.parentId)).sort(byPosition);
  }

  async notesOf(assetIds: readonly string[]): Promise<Note[]> {
    const ids = [...new Set(assetIds)];
    const found: Note[][] = [];
    for (let start = 0; start < ids.length; start += PARALLEL_QUERIES) {
      found.push(...(await Promise.all(ids.slice(start, start + PARALLEL_QUERIES).map((id) => this.listNotes(id)))));
    }
    return found.flat();
  }

  async getNote(id: string): Promise<Note | null> {
    const item = await this.noteItem(id);
    if (!item) return null;
    const note = toNote(item);
    // A reply whose thread was deleted is on its way out.
    if (note.parentId !== null && !(await this.table.get(noteKey(note.assetId, note.parentId)))) return null;
    return note;
  }

  async addNote(note: Note): Promise<CatalogAsset> {
    if (note.version !== 1) throw new Error(`A new note has version 1, not ${note.version}`);
    const { table } = this;
    return this.retrying(note.assetId, async (asset) => {
      if (note.parentId !== null) {
        const parent = await table.get(noteKey(note.assetId, note.parentId));
        if (!parent || parent['parentId'] !== null) {
          throw new CatalogNotFound(`Note ${note.parentId} is not a top-level note of asset ${note.assetId}`);
        }
      }
      const updated = counted(asset, 1, note.parentId === null && !note.resolved ? 1 : 0, note.createdAt);
      const writes: WriteItem[] = [
        replaceAsset(table.name, updated, asset.version),
        { Put: { TableName: table.name, Item: noteItem(note), ConditionExpression: 'attribute_not_exists(pk)' } },
        {
          Put: {
            TableName: table.name,
            Item: { ...pointerKey(note.id), entity: 'noteRef', assetId: note.assetId },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ];
      if (note.parentId !== null) {
        writes.push({
          ConditionCheck: { TableName: table.name, Key: noteKey(note.assetId, note.parentId), ConditionExpression: 'attribute_exists(pk)' },
        });
      }
      return {
        mutation: feedMutation(updated, writes),
        refused: (index) =>
          index === 3
            ? new CatalogNotFound(`Note ${note.parentId} was deleted meanwhile`)
            : new CatalogConflict(`Note ${note.id} already exists`),
        result: updated,
      };
    });
  }

  async updateNote(note: Note, at: IsoDateTime): Promise<CatalogAsset> {
    const stored = await this.getNote(note.id);
    if (!stored) throw new CatalogNotFound(`Note ${note.id} does not exist`);
    const { table } = this;
    return this.retrying(stored.assetId, async (asset) => {
      const current = await this.getNote(note.id);
      if (!current) throw new CatalogNotFound(`Note ${note.id} does not exist`);
      if (current.version !== note.version - 1) {
        throw new CatalogConflict(
          `Note ${note.id} is at version ${current.version}; an update to version ${note.version} was based on an older copy`,
        );
      }
      const kept: Note = { ...note, assetId: current.assetId, parentId: current.parentId, createdAt: current.createdAt };
      const open = (value: Note) => (value.parentId === null && !value.resolved ? 1 : 0);
      const updated = counted(asset, 0, open(kept) - open(current), at);
      const writes: WriteItem[] = [
        replaceAsset(table.name, updated, asset.version),
        {
          Put: {
            TableName: table.name,
            Item: noteItem(kept),
            ConditionExpression: '#version = :version',
            ExpressionAttributeNames: { '#version': 'version' },
            ExpressionAttributeValues: { ':version': current.version },
          },
        },
      ];
      return {
        mutation: feedMutation(updated, writes),
        refused: () => new CatalogConflict(`Note ${note.id} changed meanwhile`),
        result: updated,
      };
    });
  }

  async removeNote(id: string, version: number, at: IsoDateTime): Promise<{ removed: Note[]; asset: CatalogAsset }> {
    const stored = await this.getNote(id);
    if (!stored) throw new CatalogNotFound(`Note ${id} does not exist`);
    const { table } = this;
    let later: Note[] = [];
    const result = await this.retrying(stored.assetId, async (asset) => {
      const current = await this.getNote(id);
      if (!current) throw new CatalogNotFound(`Note ${id} does not exist`);
      if (current.version !== version) throw new CatalogConflict(`Note ${id} is at version ${current.version}, not ${version}`);
      // Read after the asset: a reply added since would have moved the asset's version.
      const replies = current.parentId === null ? (await this.listNotes(current.assetId)).filter((note) => note.parentId === id) : [];
      const removed = [current, ...replies];
      const updated = counted(asset, -removed.length, current.parentId === null && !current.resolved ? -1 : 0, at);
      const writes: WriteItem[] = [
        replaceAsset(table.name, updated, asset.version),
        {
          Delete: {
            TableName: table.name,
            Key: noteKey(current.assetId, id),
            ConditionExpression: '#version = :version',
            ExpressionAttributeNames: { '#version': 'version' },
            ExpressionAttributeValues: { ':version': version },
          },
        },
        { Delete: { TableName: table.name, Key: pointerKey(id) } },
      ];
      for (const reply of replies.slice(0, REPLIES_IN_TRANSACTION)) {
        writes.push(
          { Delete: { TableName: table.name, Key: noteKey(reply.assetId, reply.id) } },
          { Delete: { TableName: table.name, Key: pointerKey(reply.id) } },
        );
      }
      later = replies.slice(REPLIES_IN_TRANSACTION);
      return {
        mutation: feedMutation(updated, writes),
        refused: () => new CatalogConflict(`Note ${id} changed meanwhile`),
        result: { removed, asset: updated },
      };
    });
    await this.deleteItems(later.flatMap((reply) => [noteKey(reply.assetId, reply.id), pointerKey(reply.id)]));
    return result;
  }

  /** Every note of a purged asset, with their pointers. */
  async removeAllNotes(assetId: string): Promise<void> {
    const keys: ItemKey[] = [];
    const items = this.table.query({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': assetKey(assetId).pk, ':prefix': NOTE_SK_PREFIX },
      ConsistentRead: true,
    });
    for await (const item of items) keys.push(noteKey(assetId, item['id'] as string), pointerKey(item['id'] as string));
    await this.deleteItems(keys);
  }

  /**
   * Every asset is read first, so a missing one changes nothing. The writes then go one
   * transaction per asset (the feed groups them): a race on one asset retries that asset
   * alone with what it holds now. Marks are values, not steps, so sending a request again
   * after a failure part-way gives the same result.
   */
  async setTakes(changes: readonly TakeUpdate[], by: string, at: IsoDateTime): Promise<{ before: CatalogAsset; after: CatalogAsset }[]> {
    const items = await this.table.getMany(changes.map((change) => assetKey(change.id)));
    const byId = new Map(items.map((item) => [item['id'] as string, toAsset(item)]));
    const missing = changes.find((change) => !byId.has(change.id));
    if (missing) throw new CatalogNotFound(`Asset ${missing.id} does not exist`);
    return Promise.all(
      changes.map((change) =>
        this.retrying(
          change.id,
          async (asset) => {
            const after: CatalogAsset = {
              ...asset,
              review: withTakeMarks(asset.review, change, by, at),
              version: asset.version + 1,
              modifiedAt: at,
            };
            return {
              mutation: feedMutation(after, [replaceAsset(this.table.name, after, asset.version)]),
              refused: () => new CatalogConflict(`Asset ${asset.id} changed meanwhile`),
              result: { before: asset, after },
            };
          },
          byId.get(change.id),
        ),
      ),
    );
  }

  /**
   * Reads the asset, builds a mutation whose first write replaces it at the version read, and
   * commits; when that first write is refused (someone changed the asset), reads it again.
   */
  private async retrying<T>(
    assetId: string,
    build: (asset: CatalogAsset) => Promise<{ mutation: Mutation; refused: (index: number) => Error; result: T }>,
    first?: CatalogAsset,
  ): Promise<T> {
    let known = first;
    for (let attempt = 1; ; attempt += 1) {
      const asset = known ?? (await this.asset(assetId));
      known = undefined;
      const { mutation, refused, result } = await build(asset);
      try {
        await this.table.feed.commit(mutation);
        return result;
      } catch (error) {
        if (!(error instanceof WriteRefused)) throw error;
        if (error.index !== 0) throw refused(error.index);
        if (attempt >= RETRIES) throw new CatalogConflict(`Asset ${assetId} kept changing; try again`);
      }
    }
  }

  private async asset(id: string): Promise<CatalogAsset> {
    const item = await this.table.getAssetItem(id);
    if (!item) throw new CatalogNotFound(`Asset ${id} does not exist`);
    return toAsset(item);
  }

  private async noteItem(id: string): Promise<Item | undefined> {
    const pointer = await this.table.get(pointerKey(id));
    return pointer ? this.table.get(noteKey(pointer['assetId'] as string, id)) : undefined;
  }

  /** Deletes items in BatchWriteItem's chunks, asking again for what DynamoDB leaves unprocessed. */
  private async deleteItems(keys: readonly ItemKey[]): Promise<void> {
    for (let start = 0; start < keys.length; start += BATCH_WRITE_ITEMS) {
      let pending = keys.slice(start, start + BATCH_WRITE_ITEMS).map((key) => ({ DeleteRequest: { Key: key } }));
      for (let attempt = 0; pending.length > 0; attempt += 1) {
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 50 * 2 ** attempt)));
        const answer = await this.table.doc.send(new BatchWriteCommand({ RequestItems: { [this.table.name]: pending } }));
        pending = (answer.UnprocessedItems?.[this.table.name] ?? []) as typeof pending;
      }
    }
  }
}

/** The asset with its note counts moved by the deltas, one version on, modified at `at`. */
function counted(asset: CatalogAsset, notes: number, open: number, at: IsoDateTime): CatalogAsset {
  const review: AssetReview = asset.review ?? NO_REVIEW;
  return {
    ...asset,
    review: { ...review, noteCount: review.noteCount + notes, openNoteCount: review.openNoteCount + open },
    version: asset.version + 1,
    modifiedAt: at,
  };
}

function feedMutation(asset: CatalogAsset, writes: WriteItem[]): Mutation {
  return { writes, changes: [{ kind: 'asset.put', folderPath: asset.folderPath, target: asset.id, at: asset.modifiedAt }] };
}

function byPosition(a: Note, b: Note): number {
  return a.frame - b.frame || compare(a.createdAt, b.createdAt) || compare(a.id, b.id);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The drawing is kept as JSON text: a list of number lists costs DynamoDB several times the bytes. */
function noteItem(note: Note): Item {
  return {
    ...noteKey(note.assetId, note.id),
    entity: 'note',
    id: note.id,
    assetId: note.assetId,
    parentId: note.parentId,
    author: note.author,
    text: note.text,
    frame: note.frame,
    outFrame: note.outFrame,
    drawing: JSON.stringify(note.drawing),
    resolved: note.resolved,
    resolvedBy: note.resolvedBy,
    resolvedAt: note.resolvedAt,
    createdAt: note.createdAt,
    editedAt: note.editedAt,
    version: note.version,
  };
}

function toNote(item: Item): Note {
  return {
    id: item['id'] as string,
    assetId: item['assetId'] as string,
    parentId: (item['parentId'] as string | null | undefined) ?? null,
    author: item['author'] as string,
    text: item['text'] as string,
    frame: item['frame'] as number,
    outFrame: (item['outFrame'] as number | null | undefined) ?? null,
    drawing: JSON.parse(item['drawing'] as string) as Note['drawing'],
    resolved: item['resolved'] as boolean,
    resolvedBy: (item['resolvedBy'] as string | null | undefined) ?? null,
    resolvedAt: (item['resolvedAt'] as string | null | undefined) ?? null,
    createdAt: item['createdAt'] as string,
    editedAt: (item['editedAt'] as string | null | undefined) ?? null,
    version: item['version'] as number,
  };
}
