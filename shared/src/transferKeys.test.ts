import { describe, expect, it } from 'vitest';
import { transferFolder, transferManifestKey, transferResultKey } from './transferKeys';

describe('transfer keys', () => {
  it('puts a job’s manifest and result side by side in its own folder', () => {
    expect(transferManifestKey('job-7f3a9c21')).toBe('transfers/job-7f3a9c21/manifest.json');
    expect(transferResultKey('job-7f3a9c21')).toBe('transfers/job-7f3a9c21/result.json');
    expect(transferManifestKey('job-7f3a9c21').startsWith(transferFolder('job-7f3a9c21'))).toBe(true);
  });

  it('gives IAM patterns for every job from the same layout', () => {
    expect(transferResultKey('*')).toBe('transfers/*/result.json');
    expect(`${transferFolder('*')}*`).toBe('transfers/*/*');
  });
});
