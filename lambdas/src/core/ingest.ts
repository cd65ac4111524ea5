import {
  derivativesOf,
  withTakeMarks,
  extensionOf,
  mediaKindOf,
  type DerivedKeys,
  type EffectiveLook,
  type GradedDerivatives,
  type ProductionMetadata,
  type TechnicalMetadata,
} from '@rushes/shared';
import type { Catalog, CatalogAsset, Clock, MediaProbe, ObjectStore, ProbeResult, Transcoder } from '../ports';
import { CatalogConflict, CatalogNotFound, MediaUnusable } from '../ports';
import { AuditLog } from './audit';
import { planDerivatives } from './derivativePlan';
import { effectiveLook } from './looks/effective';
import type { RegradeOutcome } from './looks/renders';
import { soundReportOf } from './production';
import { NO_DERIVATIVES, statusOnArrival } from './records';
import { assetsOfTake, circledBySoundReport, isPicture, takeKey } from './takeMatching';

/** Sound files whose first bytes may hold a BWF sound report. */
const SOUND_REPORT_EXTENSIONS = new Set(['wav', 'bwf', 'rf64']);

/**
 * Production metadata onto an asset; a take the sound report circles is circled, unless
 * someone has already marked it (a person's mark is never overwritten by ingest).
 */
function productionPatch(asset: CatalogAsset, production: ProductionMetadata | null, at: string): Partial<CatalogAsset> {
  if (!production) return {};
  const circle = production.circled === true && !asset.review?.setBy;
  return { production, ...(circle ? { review: withTakeMarks(asset.review, { circled: true }, CIRCLED_BY_SOUND_REPORT, at) } : {}) };
}

/** Who circled a take the sound report marks circled. */
export const CIRCLED_BY_SOUND_REPORT = 'ingest (iXML)';

/** A change to an asset; `graded: null` removes its graded derivatives. */
type AssetPatch = Omit<Partial<CatalogAsset>, 'graded'> & { graded?: GradedDerivatives | null };

/** How a job ended. Trouble worth another try is thrown instead. */
export type IngestOutcome =
  | { readonly status: 'success'; readonly detail: string }
  | { readonly status: 'failed'; readonly reason: string }
  | { readonly status: 'skipped'; readonly reason: string };

export interface IngestDeps {
  catalog: Catalog;
  /** The media bucket. */
  objects: ObjectStore;
  probe: MediaProbe;
  transcoder: Transcoder;
  clock: Clock;
}

/** Assets waiting for ingest read per catalog query. */
const PENDING_PAGE = 200;
/** Optimistic writes that lose to a rename or move read again and retry this many times. */
const WRITE_ATTEMPTS = 5;

/**
 * Ingest: an object in the media bucket → its asset `processing` → probe →
 * derivatives → `ready`, or `failed` with a reason a person can act on.
 *
 * The catalog is the job's state: an asset in `processing` is work to do, so a restart
 * resumes by listing them (`pending`), and events delivered twice find nothing to do. A job
 * writes its derivatives under the asset's id (the same keys on every run) and changes the
 * asset once, from `processing` to where it ends, so running a job twice changes nothing
 * twice. Every change goes through the catalog, so the change feed shows it.
 *
 * The same class runs in Lambda and in local mode; only the adapters differ.
 */
export class Ingest {
  private readonly audit: AuditLog;

  constructor(private readonly deps: IngestDeps) {
    this.audit = new AuditLog({ catalog: deps.catalog, clock: deps.clock });
  }

  /**
   * An object was written: returns the asset id if there is work to do. An asset still
   * `uploading` becomes `processing` here (its object is complete now); one already
   * `ready` or `failed` is left alone, so a duplicate event changes nothing.
   */
  async objectCreated(key: string): Promise<string | null> {
    const asset = await this.deps.catalog.getAssetByKey(key);
    if (!asset) return null;
    if (asset.status === 'processing') return asset.id;
    if (asset.status !== 'uploading') return null;
    const next = statusOnArrival(asset.name);
    const updated = await this.change(asset.id, (current) => (current.status === 'uploading' ? { status: next } : null));
    return updated?.status === 'processing' ? updated.id : null;
  }

  /** Every asset waiting for ingest, e.g. those a crash interrupted. */
  async *pending(): AsyncIterable<string> {
    let cursor: string | null = null;
    do {
      const page = await this.deps.catalog.assetsByStatus('processing', cursor, PENDING_PAGE);
      for (const asset of page.items) yield asset.id;
      cursor = page.nextCursor;
    } while (cursor !== null);
  }

  /**
   * One attempt at one asset. Throws for trouble worth another try (storage unreachable, a
   * killed encoder); the caller retries with backoff and calls `giveUp` in the end.
   */
  async process(assetId: string, signal?: AbortSignal): Promise<IngestOutcome> {
    const asset = await this.deps.catalog.getAsset(assetId);
    if (!asset) return { status: 'skipped', reason: 'the asset no longer exists' };
    if (asset.status !== 'processing') return { status: 'skipped', reason: `the asset is already ${asset.status}` };

    const object = await this.deps.objects.head(asset.key);
    // Deleted meanwhile: storage sync removes the record; nothing to make.
    if (!object) return { status: 'skipped', reason: 'the object is gone from the media bucket' };
    if (object.size === 0) return this.fail(assetId, 'The file is empty (0 bytes): the copy or upload did not finish. Upload it again.');

    const kind = mediaKindOf(asset.name);
    if (derivativesOf(asset.name).length === 0) {
      // Camera RAW, sidecars: stored and listed, with no preview (derived keys stay null).
      return this.finish(assetId, null, NO_DERIVATIVES, 'stored without a preview');
    }

    // The folder's look is read from the catalog while ffprobe reads the file.
    const [probe, look] = await Promise.all([
      this.deps.probe.probe(asset.key, signal),
      kind === 'video' ? this.lookFor(asset.folderPath) : null,
    ]);
    if (!probe) return this.fail(assetId, unreadableReason(asset.name));
    const plan = planDerivatives(asset, kind, probe, look);
    if ('failure' in plan) return this.fail(assetId, plan.failure, probe.technical);
    const production = await this.productionOf(asset, probe);

    let result;
    try {
      result = await this.deps.transcoder.transcode({ assetId, sourceKey: asset.key, plan }, signal);
    } catch (error) {
      if (error instanceof MediaUnusable) return this.fail(assetId, error.reason, probe.technical);
      throw error;
    }
    if (result.status === 'submitted') {
      // The job reports back through transcodeFinished; until then the asset stays processing.
      await this.change(assetId, (current) =>
        current.status === 'processing' ? { technical: probe.technical, ...productionPatch(current, production, this.now()) } : null,
      );
      if (production) await this.circleTake(assetId);
      return { status: 'success', detail: `${this.deps.transcoder.name} job ${result.jobId} submitted` };
    }
    const outcome = await this.finish(
      assetId,
      probe.technical,
      { ...NO_DERIVATIVES, ...result.derived },
      `made ${Object.keys(result.derived).join(', ')}${result.graded ? ' and their graded versions' : ''}`,
      result.graded,
      production,
    );
    if (production && outcome.status === 'success') await this.circleTake(assetId);
    return outcome;
  }

  /**
   * One take, one circle: a WAV whose sound report circled its take circles the camera clips
   * of the same scene and take in its folder, and a camera clip that arrives after such a WAV
   * is circled too. A person's marks (`review.setBy`) are never changed, so running this again
   * changes nothing.
   */
  private async circleTake(assetId: string): Promise<void> {
    const asset = await this.deps.catalog.getAsset(assetId);
    const take = takeKey(asset?.production);
    if (!asset || !take) return;
    if (circledBySoundReport(asset)) {
      const pictures = (await assetsOfTake(this.deps.catalog, asset.folderPath, take)).filter(isPicture);
      for (const picture of pictures) await this.circleFromSound(picture.id, asset);
    } else if (isPicture(asset) && !asset.review?.setBy) {
      const sound = (await assetsOfTake(this.deps.catalog, asset.folderPath, take)).find(circledBySoundReport);
      if (sound) await this.circleFromSound(asset.id, sound);
    }
  }

  /** Circles a clip for its sound report, through the catalog (version, change feed) and the audit log. */
  private async circleFromSound(assetId: string, sound: CatalogAsset): Promise<void> {
    const at = this.now();
    const circled = await this.change(assetId, (current) =>
      current.review?.setBy ? null : { review: withTakeMarks(current.review, { circled: true }, CIRCLED_BY_SOUND_REPORT, at) },
    );
    if (!circled) return;
    await this.audit.record({
      actor: 'system',
      action: 'take.set',
      target: circled.key,
      details: { assetId: circled.id, circled: 'no → yes', by: CIRCLED_BY_SOUND_REPORT, soundFile: sound.key },
    });
  }

  /** The camera's tags from the probe and, for a WAV, its sound report (BWF bext and iXML). */
  private async productionOf(asset: CatalogAsset, probe: ProbeResult): Promise<ProductionMetadata | null> {
    const sound = SOUND_REPORT_EXTENSIONS.has(extensionOf(asset.name)) ? await soundReportOf(this.deps.objects, asset.key) : null;
    if (!probe.production && !sound) return null;
    return { ...probe.production, ...sound };
  }

  private now(): string {
    return this.deps.clock.now().toISOString();
  }

  /**
   * Brings a ready video's graded proxy, thumbnail and filmstrip in line with the look that
   * applies now (after a folder's look changed), from the source in the media bucket. The
   * as-shot derivatives stay; the old graded ones play until the new ones are stored.
   */
  async regrade(assetId: string, signal?: AbortSignal, lookRenderId?: string): Promise<RegradeOutcome> {
    const asset = await this.deps.catalog.getAsset(assetId);
    if (!asset || asset.trash || asset.status !== 'ready' || asset.kind !== 'video') {
      return { status: 'skipped', reason: 'not a ready video' };
    }
    const look = await this.lookFor(asset.folderPath);
    if (look.lookId === (asset.graded?.lookId ?? null)) return { status: 'skipped', reason: 'already made with this look' };
    if (look.lookId === null) {
      await this.change(assetId, (current) => (current.graded ? { graded: null } : null));
      return { status: 'success', reason: 'no look applies any more: the proxy plays as shot' };
    }
    const probe = await this.deps.probe.probe(asset.key, signal);
    const plan = probe ? planDerivatives(asset, 'video', probe, look, { gradedOnly: true }) : null;
    if (!plan || 'failure' in plan) return { status: 'failed', reason: plan?.failure ?? unreadableReason(asset.name) };
    const request = { assetId, sourceKey: asset.key, plan, ...(lookRenderId ? { lookRenderId } : {}) };
    const result = await this.deps.transcoder.transcode(request, signal);
    // The job reports back through transcodeFinished, which sets the graded derivatives then.
    if (result.status === 'submitted')
      return { status: 'success', reason: `${this.deps.transcoder.name} job ${result.jobId} submitted`, jobId: result.jobId };
    if (!result.graded) return { status: 'failed', reason: `${this.deps.transcoder.name} made no graded proxy` };
    const graded = result.graded;
    await this.change(assetId, (current) => (current.status === 'ready' ? { graded } : null));
    return { status: 'success' };
  }

  private lookFor(folderPath: string): Promise<EffectiveLook> {
    return effectiveLook(folderPath, (path) => this.deps.catalog.getFolder(path));
  }

  /** A transcode job that ran elsewhere (MediaConvert) finished. */
  async transcodeFinished(
    assetId: string,
    outcome: { derived: Partial<DerivedKeys>; graded?: GradedDerivatives } | { failure: string },
  ): Promise<IngestOutcome> {
    if ('failure' in outcome) return this.fail(assetId, outcome.failure);
    const asset = await this.deps.catalog.getAsset(assetId);
    const graded = outcome.graded ?? null;
    if (asset?.status === 'ready' && graded) {
      // A re-render after a look change: only the graded derivatives are new.
      const done = await this.change(assetId, (current) => (current.status === 'ready' ? { graded } : null));
      return done ? { status: 'success', detail: 'graded derivatives made' } : { status: 'skipped', reason: 'the asset is gone' };
    }
    return this.finish(assetId, asset?.technical ?? null, { ...NO_DERIVATIVES, ...outcome.derived }, 'transcode job finished', graded);
  }

  /** Retries ran out: the asset fails with the last error, so it does not stay `processing` forever. */
  async giveUp(assetId: string, attempts: number, error: unknown): Promise<IngestOutcome> {
    const message = error instanceof Error ? error.message : String(error);
    return this.fail(
      assetId,
      `Rushes tried ${attempts} times to make the previews and could not (${message.slice(0, 300)}). The file itself is stored; ask an admin to check the server log.`,
    );
  }

  // --------------------------------------------------------------------------------------

  private async finish(
    assetId: string,
    technical: TechnicalMetadata | null,
    derived: DerivedKeys,
    detail: string,
    graded: GradedDerivatives | null = null,
    production: ProductionMetadata | null = null,
  ): Promise<IngestOutcome> {
    const done = await this.change(assetId, (current) =>
      current.status === 'processing'
        ? {
            status: 'ready',
            failureReason: null,
            technical: technical ?? current.technical,
            derived,
            graded,
            ...productionPatch(current, production, this.now()),
          }
        : null,
    );
    return done ? { status: 'success', detail } : { status: 'skipped', reason: 'the asset changed state while it was processed' };
  }

  private async fail(assetId: string, reason: string, technical: TechnicalMetadata | null = null): Promise<IngestOutcome> {
    const done = await this.change(assetId, (current) =>
      current.status === 'processing'
        ? { status: 'failed', failureReason: reason, technical: technical ?? current.technical, derived: NO_DERIVATIVES }
        : null,
    );
    return done ? { status: 'failed', reason } : { status: 'skipped', reason: 'the asset changed state while it was processed' };
  }

  /**
   * Read, change, write with the next version; a concurrent rename or move bumps the
   * version, so read again and re-apply. `patch` answers null when there is nothing to do.
   */
  private async change(assetId: string, patch: (asset: CatalogAsset) => AssetPatch | null): Promise<CatalogAsset | null> {
    for (let attempt = 1; ; attempt += 1) {
      const current = await this.deps.catalog.getAsset(assetId);
      if (!current) return null;
      const changes = patch(current);
      if (!changes) return null;
      const { graded, ...rest } = changes;
      const { graded: before, ...unchanged } = current;
      const kept = graded === undefined ? before : (graded ?? undefined);
      const next: CatalogAsset = {
        ...unchanged,
        ...rest,
        ...(kept ? { graded: kept } : {}),
        modifiedAt: this.deps.clock.now().toISOString(),
        version: current.version + 1,
      };
      try {
        return await this.deps.catalog.updateAsset(next);
      } catch (error) {
        if (error instanceof CatalogNotFound) return null;
        if (!(error instanceof CatalogConflict) || attempt >= WRITE_ATTEMPTS) throw error;
      }
    }
  }
}

function unreadableReason(name: string): string {
  const extension = extensionOf(name);
  const what = extension ? `a ${extension.toUpperCase()} file` : 'a media file';
  return `Rushes could not read this file: it is damaged, incomplete, or not really ${what}.`;
}
