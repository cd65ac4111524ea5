import type Database from 'better-sqlite3';
import type { Transfer, Workstation } from '@rushes/shared';
import { CatalogConflict, CatalogNotFound, type Page, type TransferQuery } from '../../ports';
import { checkLimit, decodeTransferCursor, encodeTransferCursor, pageOf } from './pages';
import { statementCache } from './statements';
import type { Write } from './feed';

// Workstations and transfer jobs in SQLite (migration 004). The catalog runs every write
// here inside its own immediate transaction.

export const MAX_TRANSFER_PAGE = 200;

interface WorkstationRow {
  id: string;
  name: string;
  platform: string;
  instance_id: string | null;
  share_root: string;
  groups: string;
  created_at: string;
  modified_at: string;
}

interface TransferRow {
  id: string;
  requested_by_id: string;
  created_at: string;
  state: string;
  deadline: string;
  version: number;
  record: string;
}

export class SqliteTransferTables {
  private readonly sql: ReturnType<typeof prepare>;

  constructor(
    private readonly write: Write,
    db: Database.Database,
  ) {
    this.sql = prepare(db);
  }

  listWorkstations(): Workstation[] {
    return this.sql.workstations.all().map(rowToWorkstation);
  }

  getWorkstation(id: string): Workstation | null {
    const row = this.sql.workstation.get(id);
    return row ? rowToWorkstation(row) : null;
  }

  createWorkstation(workstation: Workstation): Workstation {
    this.write(() => {
      if (this.sql.workstation.get(workstation.id)) throw new CatalogConflict(`Workstation ${workstation.id} already exists`);
      this.sql.insertWorkstation.run(workstationToRow(workstation));
    });
    return workstation;
  }

  updateWorkstation(workstation: Workstation): Workstation {
    this.write(() => {
      if (this.sql.updateWorkstation.run(workstationToRow(workstation)).changes === 0) {
        throw new CatalogNotFound(`Workstation ${workstation.id} does not exist`);
      }
    });
    return workstation;
  }

  removeWorkstation(id: string): void {
    this.write(() => {
      if (this.sql.removeWorkstation.run(id).changes === 0) throw new CatalogNotFound(`Workstation ${id} does not exist`);
    });
  }

  createTransfer(transfer: Transfer): Transfer {
    if (transfer.version !== 1) throw new Error(`A new transfer has version 1, not ${transfer.version} (${transfer.id})`);
    this.write(() => {
      if (this.sql.transfer.get(transfer.id)) throw new CatalogConflict(`Transfer ${transfer.id} already exists`);
      this.sql.insertTransfer.run(transferToRow(transfer));
    });
    return transfer;
  }

  getTransfer(id: string): Transfer | null {
    const row = this.sql.transfer.get(id);
    return row ? rowToTransfer(row) : null;
  }

  updateTransfer(transfer: Transfer): Transfer {
    this.write(() => {
      const stored = this.sql.transfer.get(transfer.id);
      if (!stored) throw new CatalogNotFound(`Transfer ${transfer.id} does not exist`);
      if (stored.version !== transfer.version - 1) {
        throw new CatalogConflict(
          `Transfer ${transfer.id} is at version ${stored.version}; an update to version ${transfer.version} was based on an older copy`,
        );
      }
      this.sql.updateTransfer.run(transferToRow(transfer));
    });
    return transfer;
  }

  listTransfers(query: TransferQuery): Page<Transfer> {
    checkLimit(query.limit, MAX_TRANSFER_PAGE);
    const scope = query.requestedById === undefined ? 'all' : `by:${query.requestedById}`;
    const after = query.cursor === null ? null : decodeTransferCursor(scope, query.cursor);
    const where = [...(query.requestedById === undefined ? [] : ['requested_by_id = ?']), ...(after ? ['(created_at, id) < (?, ?)'] : [])];
    const rows = this.sql
      .page(where)
      .all(...(query.requestedById === undefined ? [] : [query.requestedById]), ...(after ?? []), query.limit + 1);
    return pageOf(rows, query.limit, rowToTransfer, (last) => encodeTransferCursor(scope, last.created_at, last.id));
  }

  listUnfinishedTransfers(): Transfer[] {
    return this.sql.unfinished.all().map(rowToTransfer);
  }
}

function prepare(db: Database.Database) {
  const pages = statementCache<TransferRow>(db);
  return {
    workstations: db.prepare<unknown[], WorkstationRow>('SELECT * FROM workstations ORDER BY name, id'),
    workstation: db.prepare<unknown[], WorkstationRow>('SELECT * FROM workstations WHERE id = ?'),
    insertWorkstation: db.prepare(
      `INSERT INTO workstations (id, name, platform, instance_id, share_root, groups, created_at, modified_at)
       VALUES (@id, @name, @platform, @instance_id, @share_root, @groups, @created_at, @modified_at)`,
    ),
    updateWorkstation: db.prepare(
      `UPDATE workstations SET name = @name, platform = @platform, instance_id = @instance_id, share_root = @share_root,
         groups = @groups, created_at = @created_at, modified_at = @modified_at WHERE id = @id`,
    ),
    removeWorkstation: db.prepare('DELETE FROM workstations WHERE id = ?'),
    transfer: db.prepare<unknown[], TransferRow>('SELECT * FROM transfers WHERE id = ?'),
    insertTransfer: db.prepare(
      `INSERT INTO transfers (id, requested_by_id, created_at, state, deadline, version, record)
       VALUES (@id, @requested_by_id, @created_at, @state, @deadline, @version, @record)`,
    ),
    updateTransfer: db.prepare(
      `UPDATE transfers SET state = @state, deadline = @deadline, version = @version, record = @record WHERE id = @id`,
    ),
    unfinished: db.prepare<unknown[], TransferRow>(`SELECT * FROM transfers WHERE state IN ('queued', 'running') ORDER BY deadline, id`),
    /** One statement per shape of WHERE clause, made when first needed. */
    page(where: readonly string[]) {
      return pages(
        `SELECT * FROM transfers ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, id DESC LIMIT ?`,
      );
    },
  };
}

function workstationToRow(workstation: Workstation): WorkstationRow {
  return {
    id: workstation.id,
    name: workstation.name,
    platform: workstation.platform,
    instance_id: workstation.instanceId,
    share_root: workstation.shareRoot,
    groups: JSON.stringify(workstation.groups),
    created_at: workstation.createdAt,
    modified_at: workstation.modifiedAt,
  };
}

function rowToWorkstation(row: WorkstationRow): Workstation {
  return {
    id: row.id,
    name: row.name,
    platform: row.platform as Workstation['platform'],
    instanceId: row.instance_id,
    shareRoot: row.share_root,
    groups: JSON.parse(row.groups) as string[],
    createdAt: row.created_at,
    modifiedAt: row.modified_at,
  };
}

function transferToRow(transfer: Transfer): TransferRow {
  return {
    id: transfer.id,
    requested_by_id: transfer.requestedById,
    created_at: transfer.createdAt,
    state: transfer.state,
    deadline: transfer.deadline,
    version: transfer.version,
    record: JSON.stringify(transfer),
  };
}

function rowToTransfer(row: TransferRow): Transfer {
  return JSON.parse(row.record) as Transfer;
}
