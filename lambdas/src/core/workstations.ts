import { randomUUID } from 'node:crypto';
import {
  ADMIN_GROUP,
  DomainError,
  canManageWorkstations,
  canUseWorkstation,
  type Workstation,
  type WorkstationList,
  type WorkstationPlatform,
  type WorkstationView,
} from '@rushes/shared';
import { CatalogNotFound, type Catalog, type Clock, type Principal } from '../ports';
import type { Directory } from '../ports/directory';
import type { AuditLog } from './audit';

export interface WorkstationsDeps {
  catalog: Catalog;
  directory: Directory;
  clock: Clock;
  audit: AuditLog;
  /** What the transfer executor can run (TransferExecutor.platforms): no other platform may be registered. */
  platforms: readonly WorkstationPlatform[];
  newId?: () => string;
}

/** A workstation as an admin describes it (WorkstationBodySchema, already validated). */
export interface WorkstationInput {
  readonly name: string;
  readonly platform: WorkstationPlatform;
  readonly instanceId: string | null;
  readonly shareRoot: string;
  readonly groups: readonly string[];
}

/**
 * Edit workstations. Admins register, change and remove them; everyone else sees
 * only those their groups may use, the ones they can send to. A group must exist in the
 * directory to be granted (as for folder ACLs); the platform must be one this backend's
 * executor runs, or transfers to it could never start.
 */
export class Workstations {
  private readonly newId: () => string;

  constructor(private readonly deps: WorkstationsDeps) {
    this.newId = deps.newId ?? (() => `ws-${randomUUID()}`);
  }

  async list(principal: Principal): Promise<WorkstationList> {
    const all = await this.deps.catalog.listWorkstations();
    return {
      workstations: all.filter((workstation) => canUseWorkstation(principal, workstation)).map(workstationView),
      platforms: [...this.deps.platforms],
    };
  }

  async create(principal: Principal, input: WorkstationInput): Promise<WorkstationView> {
    await this.requireAdmin(principal, 'workstation.register', input.name);
    const groups = await this.checkedGroups(input, []);
    await this.refuseTakenName(input.name, null);
    const at = this.deps.clock.now().toISOString();
    const workstation: Workstation = { id: this.newId(), ...fields(input), groups, createdAt: at, modifiedAt: at };
    await this.deps.catalog.createWorkstation(workstation);
    await this.deps.audit.record({
      actor: principal.email,
      action: 'workstation.register',
      target: workstation.id,
      details: { after: describe(workstation) },
    });
    return workstationView(workstation);
  }

  async update(principal: Principal, id: string, input: WorkstationInput): Promise<WorkstationView> {
    await this.requireAdmin(principal, 'workstation.update', id);
    const before = await this.existing(id);
    const groups = await this.checkedGroups(input, before.groups);
    await this.refuseTakenName(input.name, id);
    const after: Workstation = { ...before, ...fields(input), groups, modifiedAt: this.deps.clock.now().toISOString() };
    try {
      await this.deps.catalog.updateWorkstation(after);
    } catch (error) {
      throw error instanceof CatalogNotFound ? notFound() : error;
    }
    await this.deps.audit.record({
      actor: principal.email,
      action: 'workstation.update',
      target: id,
      details: { before: describe(before), after: describe(after) },
    });
    return workstationView(after);
  }

  /**
   * Jobs keep the workstation as it was when they started, so removing it does not disturb
   * one that is running; still, while one runs, the admin is asked to wait, so nobody loses
   * track of where files are going.
   */
  async remove(principal: Principal, id: string): Promise<{ id: string }> {
    await this.requireAdmin(principal, 'workstation.remove', id);
    const before = await this.existing(id);
    const running = (await this.deps.catalog.listUnfinishedTransfers()).filter((job) => job.workstation.id === id);
    if (running.length > 0) {
      throw new DomainError(
        'CONFLICT',
        `"${before.name}" has ${running.length} transfer${running.length === 1 ? '' : 's'} running; wait for ${running.length === 1 ? 'it' : 'them'} to end or cancel ${running.length === 1 ? 'it' : 'them'} first.`,
      );
    }
    try {
      await this.deps.catalog.removeWorkstation(id);
    } catch (error) {
      throw error instanceof CatalogNotFound ? notFound() : error;
    }
    await this.deps.audit.record({
      actor: principal.email,
      action: 'workstation.remove',
      target: id,
      details: { before: describe(before) },
    });
    return { id };
  }

  /** The workstation a transfer goes to: NOT_FOUND if there is none, FORBIDDEN if the caller may not use it. */
  async usable(principal: Principal, id: string): Promise<Workstation> {
    const workstation = await this.existing(id, 'workstationId');
    if (!canUseWorkstation(principal, workstation)) {
      throw new DomainError('FORBIDDEN', `You may not send files to "${workstation.name}"; ask an admin to add one of your groups to it.`);
    }
    if (!this.deps.platforms.includes(workstation.platform)) {
      throw new DomainError('CONFLICT', `This backend cannot run transfers on ${platformName(workstation.platform)} workstations.`);
    }
    return workstation;
  }

  private async requireAdmin(
    principal: Principal,
    action: 'workstation.register' | 'workstation.update' | 'workstation.remove',
    target: string,
  ): Promise<void> {
    if (canManageWorkstations(principal)) return;
    // A refusal is recorded too: a log of successes only would hide probing.
    await this.deps.audit.record({
      actor: principal.email,
      action,
      target,
      outcome: 'denied',
      details: { reason: 'only admins manage workstations' },
    });
    throw new DomainError('FORBIDDEN', 'Only admins manage workstations.');
  }

  private async existing(id: string, field = 'id'): Promise<Workstation> {
    const workstation = await this.deps.catalog.getWorkstation(id);
    if (!workstation) throw notFound(field);
    return workstation;
  }

  /** Sorted and without duplicates; a group already granted may stay if the directory lost it since, no new unknown one. */
  private async checkedGroups(input: WorkstationInput, granted: readonly string[]): Promise<string[]> {
    if (!this.deps.platforms.includes(input.platform)) {
      const runs = this.deps.platforms.map(platformName).join(' and ');
      throw new DomainError(
        'VALIDATION_FAILED',
        `This backend runs transfers on ${runs} workstations only, not ${platformName(input.platform)}.`,
        'platform',
      );
    }
    const groups = [...new Set(input.groups)].filter((group) => group !== ADMIN_GROUP).sort();
    const known = new Set((await this.deps.directory.listGroups()).map((group) => group.name));
    const unknown = groups.find((group) => !known.has(group) && !granted.includes(group));
    if (unknown !== undefined) throw new DomainError('VALIDATION_FAILED', `There is no group named "${unknown}".`, 'groups');
    return groups;
  }

  private async refuseTakenName(name: string, ownId: string | null): Promise<void> {
    const wanted = name.normalize('NFC').toLocaleLowerCase('en');
    const taken = (await this.deps.catalog.listWorkstations()).find(
      (other) => other.id !== ownId && other.name.normalize('NFC').toLocaleLowerCase('en') === wanted,
    );
    if (taken) throw new DomainError('CONFLICT', `A workstation named "${taken.name}" already exists.`, 'name');
  }
}

export function workstationView(workstation: Workstation): WorkstationView {
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

function fields(input: WorkstationInput): Omit<Workstation, 'id' | 'groups' | 'createdAt' | 'modifiedAt'> {
  return { name: input.name.normalize('NFC'), platform: input.platform, instanceId: input.instanceId, shareRoot: input.shareRoot };
}

/** One line for the audit log's before/after. */
function describe(workstation: Workstation): string {
  const instance = workstation.instanceId ? ` ${workstation.instanceId}` : '';
  return `${workstation.name} (${workstation.platform}${instance}) ${workstation.shareRoot} groups=${workstation.groups.join(',')}`;
}

function platformName(platform: WorkstationPlatform): string {
  return platform === 'local' ? 'local-folder' : platform === 'windows' ? 'Windows' : 'Linux';
}

function notFound(field?: string): DomainError {
  return new DomainError('NOT_FOUND', 'That workstation was not found.', field);
}
