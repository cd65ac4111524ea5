import { DomainError, type AuditAction, type OperationResult } from '@rushes/shared';
import type { CatalogAsset, Principal } from '../../ports';
import { CatalogConflict, CatalogNotFound } from '../../ports';
import type { AuditLog } from '../audit';

/** A folder as messages name it. */
export function describe(folderPath: string): string {
  return folderPath === '' ? 'the library root' : `"${folderPath.slice(0, -1)}"`;
}

export function must<T>(checked: { ok: true; value: T } | { ok: false; message: string }, field: string): T {
  if (!checked.ok) throw new DomainError('VALIDATION_FAILED', checked.message, field);
  return checked.value;
}

/** A catalog refusal in the user's words. */
export function translate(error: unknown, conflictMessage: string): unknown {
  if (error instanceof CatalogConflict) return new DomainError('CONFLICT', conflictMessage);
  if (error instanceof CatalogNotFound) return new DomainError('NOT_FOUND', 'That item no longer exists; refresh.');
  return error;
}

/** One item of a batch that failed for an expected reason; anything else fails the request. */
export function failure(target: string, error: unknown): OperationResult['failed'][number] {
  if (error instanceof DomainError) return { target, code: error.code, message: error.message };
  if (error instanceof CatalogConflict) return { target, code: 'CONFLICT', message: 'Changed by someone else; refresh and try again.' };
  throw error;
}

/** A refusal is recorded too: a log of successes only would hide probing. */
export async function refused(
  audit: AuditLog,
  principal: Principal,
  action: AuditAction,
  target: string,
  reason: string,
  details: Record<string, string | number> = {},
): Promise<void> {
  await audit.record({ actor: principal.email, action, target, outcome: 'denied', details: { ...details, reason } });
}

/**
 * A file still uploading has no object to move yet, and its uploader holds credentials for
 * exactly its old key: moving the record would orphan the bytes still on their way.
 */
export function stillUploading(assets: readonly CatalogAsset[]): DomainError {
  const names = assets
    .slice(0, 3)
    .map((asset) => `"${asset.name}"`)
    .join(', ');
  const more = assets.length > 3 ? ` and ${assets.length - 3} more` : '';
  const verb = assets.length === 1 ? 'is' : 'are';
  return new DomainError(
    'CONFLICT',
    `${names}${more} ${verb} still uploading; rename or move it when the upload has finished or was cancelled.`,
  );
}
