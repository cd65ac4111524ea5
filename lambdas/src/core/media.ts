import { extensionOf, type GradedDerivatives, type MediaUrlsResponse } from '@rushes/shared';
import type { Catalog, Clock, ObjectStore, Principal } from '../ports';
import { Access } from './access';
import type { AuditLog } from './audit';
import { NO_DERIVATIVES } from './records';

/** Derivative URLs live minutes, like download URLs: long enough to start a proxy, short enough to be useless when shared. */
export const MEDIA_URL_SECONDS = 10 * 60;

type DerivativeName = keyof Omit<MediaUrlsResponse['items'][number], 'id' | 'lookAvailable'>;
const ALL: readonly DerivativeName[] = ['proxy', 'thumbnail', 'filmstrip', 'waveform', 'preview'];

export interface MediaDeps {
  /** Access decides who may see an asset from it, so media answers exactly as downloads do. */
  catalog: Catalog;
  /** The derived bucket. */
  derived: ObjectStore;
  clock: Clock;
  /** Issuing a proxy is watching the footage, so it is on record; stills and strips are browsing. */
  audit: AuditLog;
}

/** Short-lived GET URLs of the derivatives ingest made, for assets the caller may read. */
export class Media {
  constructor(private readonly deps: MediaDeps) {}

  async urls(
    principal: Principal,
    ids: readonly string[],
    only?: readonly DerivativeName[],
    variant: 'look' | 'asShot' = 'look',
  ): Promise<MediaUrlsResponse> {
    const wanted = new Set(only ?? ALL);
    const expiresAt = new Date(this.deps.clock.now().getTime() + MEDIA_URL_SECONDS * 1000).toISOString();
    const items: MediaUrlsResponse['items'] = [];
    const access = new Access(this.deps.catalog, principal);
    for (const id of ids) {
      // The same check as downloadUrls: unreadable, trashed or missing all answer NOT_FOUND.
      const asset = await access.readableAsset(id);
      const item: MediaUrlsResponse['items'][number] = { id, ...NO_DERIVATIVES, lookAvailable: asset.graded !== undefined };
      const graded = variant === 'look' ? asset.graded : undefined;
      for (const name of ALL) {
        const key = gradedKeyOf(graded, name) ?? asset.derived[name];
        if (!key || !wanted.has(name)) continue;
        const stem = asset.name.includes('.') ? asset.name.slice(0, asset.name.lastIndexOf('.')) : asset.name;
        item[name] = await this.deps.derived.presignGet(key, {
          expiresInSeconds: MEDIA_URL_SECONDS,
          downloadName: `${stem} ${name}.${extensionOf(key)}`,
        });
      }
      // Recorded before the URL leaves: if the log cannot take it, the caller gets no proxy.
      if (item.proxy) {
        await this.deps.audit.record({
          actor: principal.email,
          action: 'asset.play',
          target: asset.key,
          details: { assetId: asset.id, variant: graded ? 'look' : 'asShot' },
          address: principal.address,
        });
      }
      items.push(item);
    }
    return { items, expiresAt };
  }
}

/** The graded version of a derivative, when one was made; the as-shot one serves otherwise. */
function gradedKeyOf(graded: GradedDerivatives | undefined, name: DerivativeName): string | null {
  if (!graded) return null;
  if (name === 'proxy') return graded.proxy;
  if (name === 'thumbnail' || name === 'filmstrip') return graded[name];
  return null;
}
