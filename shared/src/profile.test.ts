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

describe('the push channel in a profile', () => {
  const pushUrl = 'wss://push.execute-api.us-east-1.amazonaws.com/live';

  it('reads the push URL from a profile and from the stack outputs; a profile without one still reads', () => {
    expect(parseConnectionProfile(JSON.stringify({ ...cloud, pushUrl }))).toEqual({ ok: true, profile: { ...cloud, pushUrl } });
    const outputs = {
      'Rushes-prod-Auth': { Region: 'us-east-1', UserPoolId: 'us-east-1_AbC', AppClientId: 'client123' },
      'Rushes-prod-Storage': { MediaBucketName: 'rushes-media-1', DerivedBucketName: 'rushes-derived-1' },
      'Rushes-prod-Api': { ApiUrl: 'https://abc.execute-api.us-east-1.amazonaws.com', PushUrl: pushUrl },
    };
    expect(parseConnectionProfile(JSON.stringify(outputs))).toEqual({ ok: true, profile: { ...cloud, pushUrl } });
  });

  it('refuses a push URL that is not a WebSocket, and a cloud one without TLS', () => {
    expect(parseConnectionProfile(JSON.stringify({ ...cloud, pushUrl: 'https://push.example.com' }))).toMatchObject({
      ok: false,
      field: 'pushUrl',
    });
    expect(parseConnectionProfile(JSON.stringify({ ...cloud, pushUrl: 'ws://push.example.com' }))).toEqual({
      ok: false,
      field: 'pushUrl',
      message: 'The connection profile is not valid: pushUrl: a cloud push channel must use wss://.',
    });
    const local = { ...cloud, mode: 'local', apiUrl: 'http://127.0.0.1:4010', pushUrl: 'ws://127.0.0.1:4010/v1/push' };
    expect(parseConnectionProfile(JSON.stringify(local))).toMatchObject({ ok: true });
  });
});
