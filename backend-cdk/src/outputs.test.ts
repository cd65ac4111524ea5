import { describe, expect, it } from 'vitest';
import { profileFromOutputs } from './outputs';

describe('profileFromOutputs', () => {
  const outputs = {
    'Rushes-Auth': { Region: 'eu-west-2', UserPoolId: 'eu-west-2_AbC123', AppClientId: 'abc123client' },
    'Rushes-Storage': { MediaBucketName: 'rushes-media-123', DerivedBucketName: 'rushes-derived-123' },
    'Rushes-Api': { ApiUrl: 'https://abc.execute-api.eu-west-2.amazonaws.com' },
  };

  it('merges every stack’s outputs into a cloud profile without endpoints', () => {
    expect(profileFromOutputs(outputs)).toEqual({
      mode: 'cloud',
      region: 'eu-west-2',
      apiUrl: 'https://abc.execute-api.eu-west-2.amazonaws.com',
      cognito: { userPoolId: 'eu-west-2_AbC123', clientId: 'abc123client' },
      s3: { forcePathStyle: false, mediaBucket: 'rushes-media-123', derivedBucket: 'rushes-derived-123' },
    });
  });

  it('names the missing output when a stack was not deployed', () => {
    const { ['Rushes-Api']: _api, ...partial } = outputs;
    expect(() => profileFromOutputs(partial)).toThrow(/ApiUrl/);
  });

  it('refuses an API URL that is not a URL', () => {
    expect(() => profileFromOutputs({ ...outputs, 'Rushes-Api': { ApiUrl: 'not a url' } })).toThrow();
  });
});
