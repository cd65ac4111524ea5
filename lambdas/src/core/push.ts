import type { PushNudge } from '@rushes/shared';
import type { Catalog, Change, Principal } from '../ports';
import { Access } from './access';

/** Someone listening on the push channel, as their connection recorded them when it opened. */
export interface PushReceiver {
  readonly principal: Principal;
}

/**
 * Who hears of a run of new changes, and what: each receiver gets "changes up to N", N the
 * position of the last change in the run it may follow (Access.mayFollow, the rule the feed
 * route reads by), or nothing if it may follow none.
 *
 * Why a nudge leaks nothing: it names no folder, asset or kind, only a position in the feed,
 * and a receiver is nudged only for a change `GET /v1/changes` would show it. Positions are
 * no secret (the feed route answers `latest`, the head of everyone's feed, to any signed-in
 * user), so the one thing a nudge adds is when something the receiver may read changed.
 * A change in a folder the receiver may not read sends it nothing, so the timing of others'
 * work does not reach it either.
 *
 * Access decides by groups alone, so receivers with the same groups share one answer: a
 * hundred editors in one group cost the catalog the reads of one.
 */
export async function planNudges<R extends PushReceiver>(
  catalog: Catalog,
  changes: readonly Change[],
  receivers: readonly R[],
): Promise<{ receiver: R; nudge: PushNudge }[]> {
  if (changes.length === 0 || receivers.length === 0) return [];
  const byGroups = new Map<string, Promise<number | null>>();
  const planned: { receiver: R; nudge: PushNudge }[] = [];
  for (const receiver of receivers) {
    const groups = [...new Set(receiver.principal.groups)].sort().join('\n');
    let last = byGroups.get(groups);
    if (!last) {
      last = lastFollowable(new Access(catalog, receiver.principal), changes);
      byGroups.set(groups, last);
    }
    const upTo = await last;
    if (upTo !== null) planned.push({ receiver, nudge: { type: 'changes', upTo } });
  }
  return planned;
}

/** The position of the last change the caller may follow, newest first so the first yes ends it. */
async function lastFollowable(access: Access, changes: readonly Change[]): Promise<number | null> {
  for (let index = changes.length - 1; index >= 0; index -= 1) {
    const change = changes[index]!;
    if (await access.mayFollow(change)) return change.seq;
  }
  return null;
}
