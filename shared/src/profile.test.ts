import { describe, expect, it } from 'vitest';
import { parseConnectionProfile } from './profile';

const cloud = {
  mode: 'cloud',
  region: 'us-east-1',
  apiUrl: 'https://abc.execute-api.us-east-1.amazonaws.com',
  cognito: { userPoolId: 'us-east-1_AbC', clientId: 'client123' },
  s3: { forcePathStyle: false, mediaBucket: 'rushes-media-1', derivedBucket: 'rushes-derived-1' },
};

describe('parseConnectionProfile', () => {
  it('reads a profile', () => {
    expect(parseConnectionProfile(JSON.stringify(cloud))).toEqual({ ok: true, profile: cloud });
  });

  it('reads the outputs file of cdk deploy', () => {
    const outputs = {
      'Rushes-prod-Auth': { Region: 'us-east-1', UserPoolId: 'us-east-1_AbC', AppClientId: 'client123', ExportsOutputRefUsers: 'x' },
      'Rushes-prod-Storage': { MediaBucketName: 'rushes-media-1', DerivedBucketName: 'rushes-derived-1' },
      'Rushes-prod-Api': { ApiUrl: 'https://abc.execute-api.us-east-1.amazonaws.com' },
      'Rushes-prod-Catalog': {},
    };
    expect(parseConnectionProfile(JSON.stringify(outputs))).toEqual({ ok: true, profile: cloud });
    const { ['Rushes-prod-Api']: _api, ...partial } = outputs;
    expect(parseConnectionProfile(JSON.stringify(partial))).toMatchObject({ ok: false, message: expect.stringContaining('ApiUrl') });
  });

  it('names the field that is wrong', () => {
    expect(parseConnectionProfile(JSON.stringify({ ...cloud, cognito: { clientId: 'c' } }))).toEqual({
      ok: false,
      field: 'cognito.userPoolId',
      message: 'The connection profile is not valid: cognito.userPoolId: missing.',
    });
    expect(parseConnectionProfile(JSON.stringify({ ...cloud, apiUrl: 'not a url' }))).toMatchObject({ ok: false, field: 'apiUrl' });
    expect(parseConnectionProfile(JSON.stringify({ ...cloud, mode: 'hybrid' }))).toMatchObject({ ok: false, field: 'mode' });
  });

  it('refuses a cloud API over plain HTTP, and text that is not JSON', () => {
    expect(parseConnectionProfile(JSON.stringify({ ...cloud, apiUrl: 'http://abc.example.com' }))).toMatchObject({
      ok: false,
      field: 'apiUrl',
    });
    expect(parseConnectionProfile('mode: cloud')).toMatchObject({ ok: false, message: expect.stringContaining('not valid JSON') });
  });
});
