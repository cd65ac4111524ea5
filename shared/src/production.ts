import type { ProductionMetadata } from './domain';

/** Production metadata with only the fields that say something; null when none does. */
export function compactProduction(fields: { [K in keyof ProductionMetadata]?: ProductionMetadata[K] | null }): ProductionMetadata | null {
  const kept = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== null && value !== '')) as ProductionMetadata;
  return Object.keys(kept).length > 0 ? kept : null;
}
