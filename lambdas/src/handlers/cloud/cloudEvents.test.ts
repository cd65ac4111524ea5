import { describe, expect, it } from 'vitest';
import { principalFromClaims } from '../../adapters/tokenClaims';
import { readApiConfig, readIngestConfig, readTransferStatusConfig } from './config';
import { jobOutcome, type MediaConvertJobEvent } from './jobEvents';
import { keyCandidates, storageWork, type S3BucketEvent } from './storageEvents';

const s3Event = (detailType: string, key: string, bucket = 'media-bucket'): S3BucketEvent => ({
  'detail-type': detailType,
  source: 'aws.s3',
  time: '2026-11-22T06:00:00Z',
  detail: { bucket: { name: bucket }, object: { key, size: 10 }, reason: 'PutObject' },
});

describe('storageWork (S3 → EventBridge)', () => {
  it('turns created and deleted objects of the media bucket into work, and ignores the rest', () => {
    expect(storageWork(s3Event('Object Created', 'Show/Day 1/C001.mov'), 'media-bucket')).toEqual({
      kind: 'created',
      key: 'Show/Day 1/C001.mov',
    });
    expect(storageWork(s3Event('Object Deleted', 'Show/C.mov'), 'media-bucket')).toEqual({
      kind: 'removed',
      key: 'Show/C.mov',
      at: '2026-11-22T06:00:00Z',
    });
    expect(storageWork(s3Event('Object Created', 'x.mov', 'derived-bucket'), 'media-bucket').kind).toBe('ignored');
    expect(storageWork(s3Event('Object Restore Completed', 'x.mov'), 'media-bucket').kind).toBe('ignored');
  });

  it('tries the key as sent, then URL-decoded', () => {
    expect(keyCandidates('Show/Day 1/C001.mov')).toEqual(['Show/Day 1/C001.mov']);
    expect(keyCandidates('Show/Day+1/C%C3%A9.mov')).toEqual(['Show/Day+1/C%C3%A9.mov', 'Show/Day 1/Cé.mov']);
    expect(keyCandidates('100%.mov')).toEqual(['100%.mov']);
  });
});

describe('jobOutcome (MediaConvert job state change)', () => {
  const job = (status: string, userMetadata: MediaConvertJobEvent['detail']['userMetadata'], extra = {}): MediaConvertJobEvent => ({
    'detail-type': 'MediaConvert Job State Change',
    source: 'aws.mediaconvert',
    detail: { status, jobId: '1700000000000-abc', userMetadata, ...extra },
  });
  const meta = {
    assetId: 'a1',
    sourceKey: 'Show/C001.mov',
    owner: 'rushes-dev',
    derived: JSON.stringify({ proxy: 'a1/proxy.mp4', thumbnail: 'a1/thumbnail.0000001.jpg' }),
  };

  it('finishes the asset with the output keys the job carried', () => {
    expect(jobOutcome(job('COMPLETE', meta), 'rushes-dev')).toEqual({
      assetId: 'a1',
      outcome: { derived: { proxy: 'a1/proxy.mp4', thumbnail: 'a1/thumbnail.0000001.jpg' } },
    });
  });

  it('passes on the graded proxy and thumbnail a look job made, only under the asset’s own prefix and with a look id', () => {
    const graded = {
      lookId: '0123456789abcdef',
      proxy: 'a1/look-0123456789abcdef/proxy.mp4',
      thumbnail: 'a1/look-0123456789abcdef/thumbnail.0000001.jpg',
      filmstrip: null,
    };
    expect(jobOutcome(job('COMPLETE', { ...meta, graded: JSON.stringify(graded) }), 'rushes-dev')).toMatchObject({ outcome: { graded } });
    for (const bad of [
      JSON.stringify({ ...graded, proxy: 'b2/look/proxy.mp4' }),
      JSON.stringify({ ...graded, lookId: '../x' }),
      JSON.stringify({ ...graded, proxy: 'a1/../b2/proxy.mp4' }),
      'not json',
    ]) {
      expect(jobOutcome(job('COMPLETE', { ...meta, graded: bad }), 'rushes-dev')).not.toHaveProperty('outcome.graded');
    }
  });

  it('passes on the graded filmstrip frames to tile, only with graded outputs and only under the asset’s own prefix', () => {
    const graded = JSON.stringify({
      lookId: '0123456789abcdef',
      proxy: 'a1/look-0123456789abcdef/proxy.mp4',
      thumbnail: null,
      filmstrip: null,
    });
    const frames = { frames: 'a1/look-0123456789abcdef/filmstrip-frames', key: 'a1/look-0123456789abcdef/filmstrip.jpg' };
    expect(jobOutcome(job('COMPLETE', { ...meta, graded, gradedFilmstrip: JSON.stringify(frames) }), 'rushes-dev')).toMatchObject({
      gradedFilmstrip: frames,
    });
    expect(jobOutcome(job('COMPLETE', { ...meta, gradedFilmstrip: JSON.stringify(frames) }), 'rushes-dev')).not.toHaveProperty(
      'gradedFilmstrip',
    );
    for (const bad of [
      { ...frames, frames: 'b2/filmstrip-frames' },
      { ...frames, key: 'a1/../b2/filmstrip.jpg' },
    ]) {
      expect(jobOutcome(job('COMPLETE', { ...meta, graded, gradedFilmstrip: JSON.stringify(bad) }), 'rushes-dev')).not.toHaveProperty(
        'gradedFilmstrip',
      );
    }
  });

  it('passes on the filmstrip or waveform to make from the proxy, only under the asset’s own prefix', () => {
    const film = JSON.stringify({ kind: 'video', filmstrip: { key: 'a1/filmstrip.jpg', durationSeconds: 15 } });
    expect(jobOutcome(job('COMPLETE', { ...meta, companions: film }), 'rushes-dev')).toEqual({
      assetId: 'a1',
      outcome: { derived: { proxy: 'a1/proxy.mp4', thumbnail: 'a1/thumbnail.0000001.jpg' } },
      companion: { kind: 'video', proxyKey: 'a1/proxy.mp4', filmstrip: { key: 'a1/filmstrip.jpg', durationSeconds: 15 } },
    });
    const wave = JSON.stringify({ kind: 'audio', waveform: { key: 'a1/waveform.png' } });
    expect(jobOutcome(job('COMPLETE', { ...meta, companions: wave }), 'rushes-dev')).toMatchObject({
      companion: { kind: 'audio', proxyKey: 'a1/proxy.mp4', waveform: { key: 'a1/waveform.png' } },
    });
    for (const bad of [
      JSON.stringify({ kind: 'video', filmstrip: { key: 'other/filmstrip.jpg', durationSeconds: 15 } }),
      JSON.stringify({ kind: 'video', filmstrip: { key: 'a1/../x.jpg', durationSeconds: 15 } }),
      JSON.stringify({ kind: 'video', filmstrip: { key: 'a1/filmstrip.jpg', durationSeconds: -1 } }),
      JSON.stringify({ kind: 'image' }),
      'not json',
    ]) {
      expect(jobOutcome(job('COMPLETE', { ...meta, companions: bad }), 'rushes-dev')).not.toHaveProperty('companion');
    }
  });

  it('fails the asset with MediaConvert’s reason', () => {
    const result = jobOutcome(job('ERROR', meta, { errorCode: 1010, errorMessage: 'Unsupported codec' }), 'rushes-dev');
    expect(result).toMatchObject({ assetId: 'a1', outcome: { failure: expect.stringContaining('Unsupported codec') } });
  });

  it('ignores other deploys’ jobs, progress states, and keeps only known derivative names', () => {
    expect(jobOutcome(job('COMPLETE', { ...meta, owner: 'rushes-prod' }), 'rushes-dev')).toHaveProperty('ignored');
    expect(jobOutcome(job('COMPLETE', undefined), 'rushes-dev')).toHaveProperty('ignored');
    expect(jobOutcome(job('PROGRESSING', meta), 'rushes-dev')).toHaveProperty('ignored');
    const odd = jobOutcome(
      job('COMPLETE', { ...meta, derived: JSON.stringify({ proxy: 'a1/p.mp4', evil: '../x', thumbnail: 3 }) }),
      'rushes-dev',
    );
    expect(odd).toEqual({ assetId: 'a1', outcome: { derived: { proxy: 'a1/p.mp4' } } });
    expect(jobOutcome(job('COMPLETE', { ...meta, derived: 'not json' }), 'rushes-dev')).toMatchObject({
      outcome: { failure: expect.any(String) },
    });
  });
});

describe('principalFromClaims', () => {
  const claims = { sub: 'u-1', email: 'ed@example.com', token_use: 'id' };

  it('reads groups as a JWT array or as API Gateway’s flattened "[a b]"', () => {
    expect(principalFromClaims({ ...claims, 'cognito:groups': ['editors', 'admin'] }).groups).toEqual(['editors', 'admin']);
    expect(principalFromClaims({ ...claims, 'cognito:groups': '[editors admin]' }).groups).toEqual(['editors', 'admin']);
    expect(principalFromClaims({ ...claims, 'cognito:groups': '[]' }).groups).toEqual([]);
    expect(principalFromClaims(claims)).toEqual({ userId: 'u-1', email: 'ed@example.com', groups: [] });
  });

  it('refuses access tokens and tokens without a user or e-mail', () => {
    expect(() => principalFromClaims({ ...claims, token_use: 'access' })).toThrow(/ID token/);
    expect(() => principalFromClaims({ ...claims, email: '' })).toThrow(/email/);
    expect(() => principalFromClaims({ token_use: 'id', email: 'x@example.com' })).toThrow(/user/);
  });
});

describe('cloud config', () => {
  it('names the missing setting', () => {
    expect(() => readApiConfig({ AWS_REGION: 'us-east-1' })).toThrow(/RUSHES_TABLE/);
    expect(() =>
      readIngestConfig({
        AWS_REGION: 'us-east-1',
        RUSHES_TABLE: 't',
        RUSHES_MEDIA_BUCKET: 'm',
        RUSHES_DERIVED_BUCKET: 'd',
        RUSHES_JOB_OWNER: 'o',
        LAMBDA_TASK_ROOT: '/var/task',
      }),
    ).toThrow(/RUSHES_MEDIACONVERT_ROLE_ARN/);
    const storage = { AWS_REGION: 'us-east-1', RUSHES_TABLE: 't', RUSHES_MEDIA_BUCKET: 'm', RUSHES_DERIVED_BUCKET: 'd' };
    expect(() => readTransferStatusConfig({ ...storage, RUSHES_VERSION: '1', RUSHES_TRANSFER_DOCUMENT_LINUX: 'l' })).toThrow(
      /RUSHES_TRANSFER_DOCUMENT_WINDOWS/,
    );
    expect(() =>
      readApiConfig({
        ...storage,
        RUSHES_USER_POOL_ID: 'p',
        RUSHES_APP_CLIENT_ID: 'c',
        RUSHES_UPLOAD_ROLE_ARN: 'r',
        RUSHES_TRANSFER_DOCUMENT_WINDOWS: 'w',
        RUSHES_TRANSFER_DOCUMENT_LINUX: 'l',
      }),
    ).toThrow(/RUSHES_TRANSFER_LOG_GROUP/);
    const documents = { RUSHES_TRANSFER_DOCUMENT_WINDOWS: 'w', RUSHES_TRANSFER_DOCUMENT_LINUX: 'l' };
    expect(() => readTransferStatusConfig({ ...storage, ...documents })).toThrow(/RUSHES_VERSION/);
    expect(readTransferStatusConfig({ ...storage, ...documents, RUSHES_VERSION: '1.4.0' })).toMatchObject({
      transferDocuments: { windows: 'w', linux: 'l' },
      version: '1.4.0',
    });
  });

  it('finds the bundled ffprobe and ffmpeg in the Lambda’s own folder', () => {
    const config = readIngestConfig({
      AWS_REGION: 'us-east-1',
      RUSHES_TABLE: 't',
      RUSHES_MEDIA_BUCKET: 'm',
      RUSHES_DERIVED_BUCKET: 'd',
      RUSHES_JOB_OWNER: 'rushes-dev',
      RUSHES_MEDIACONVERT_ROLE_ARN: 'arn:aws:iam::1:role/mc',
      LAMBDA_TASK_ROOT: '/var/task',
    });
    expect(config).toMatchObject({ ffprobe: '/var/task/bin/ffprobe', ffmpeg: '/var/task/bin/ffmpeg', jobOwner: 'rushes-dev' });
  });
});
