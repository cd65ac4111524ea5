import type { DerivedFile, DerivedKeys } from '@rushes/shared';
import type { DerivativePlan } from '../../ports';

export interface PlannedFile {
  file: DerivedFile;
  derivative: keyof DerivedKeys;
  key: string;
  required: boolean;
  /** Made through the look, beside the as-shot one. */
  graded: boolean;
}

/** Every file a plan makes, where it goes in the derived bucket, and whether a job without it failed. */
export function plannedFiles(plan: DerivativePlan): PlannedFile[] {
  const plain = (file: DerivedFile, derivative: keyof DerivedKeys, key: string, required: boolean): PlannedFile => ({
    file,
    derivative,
    key,
    required,
    graded: false,
  });
  switch (plan.kind) {
    case 'video': {
      const { graded } = plan;
      const asShot =
        graded && plan.gradedOnly
          ? []
          : [
              plain('videoProxy', 'proxy', plan.proxy.key, true),
              plain('thumbnail', 'thumbnail', plan.thumbnail.key, false),
              ...(plan.filmstrip ? [plain('filmstrip', 'filmstrip', plan.filmstrip.key, false)] : []),
            ];
      if (!graded) return asShot;
      return [
        ...asShot,
        { ...plain('videoProxy', 'proxy', graded.proxyKey, true), graded: true },
        { ...plain('thumbnail', 'thumbnail', graded.thumbnailKey, false), graded: true },
        ...(graded.filmstripKey ? [{ ...plain('filmstrip', 'filmstrip', graded.filmstripKey, false), graded: true }] : []),
      ];
    }
    case 'audio':
      return [plain('audioProxy', 'proxy', plan.proxy.key, true), plain('waveform', 'waveform', plan.waveform.key, false)];
    case 'image':
      return [plain('preview', 'preview', plan.preview.key, true), plain('thumbnail', 'thumbnail', plan.thumbnail.key, true)];
  }
}
