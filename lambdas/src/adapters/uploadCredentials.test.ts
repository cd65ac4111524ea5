import type { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import {
  MAX_SESSION_POLICY_BYTES,
  StaticUploadCredentials,
  StsUploadCredentials,
  policyGroups,
  roleSessionName,
  uploadSessionPolicy,
} from './uploadCredentials';

// STS cannot be reached here: the adapter is checked by the exact AssumeRole requests it
// sends (the client is the only thing replaced) and by the policy JSON itself.
function recordingSts() {
  const requests: AssumeRoleCommand['input'][] = [];
  const sts = {
    send: async (command: AssumeRoleCommand) => {
      requests.push(command.input);
      return {
        Credentials: {
          AccessKeyId: `ASIA${requests.length}`,
          SecretAccessKey: 'secret',
          SessionToken: 'token',
          Expiration: new Date('2026-03-01T10:00:00.000Z'),
        },
        $metadata: {},
      };
    },
  };
  return { sts, requests };
}

describe('uploadSessionPolicy', () => {
  it('allows PutObject and the multipart actions on exactly the named keys, nothing else', () => {
    expect(uploadSessionPolicy('rushes-media', ['Show A/Day 1/A001C003.mov', 'Show A/Day 1/A001C004.mov'])).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'RushesUploadExactKeys',
          Effect: 'Allow',
          Action: ['s3:PutObject', 's3:PutObjectTagging', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
          Resource: ['arn:aws:s3:::rushes-media/Show A/Day 1/A001C003.mov', 'arn:aws:s3:::rushes-media/Show A/Day 1/A001C004.mov'],
        },
      ],
    });
  });

  it('escapes what IAM would read as a wildcard or a policy variable', () => {
    const policy = uploadSessionPolicy('b', ['Show/${aws:username}/take$1.mov', 'a*b?.mov']);
    expect(policy.Statement[0]!.Resource).toEqual([
      'arn:aws:s3:::b/Show/${$}{aws:username}/take${$}1.mov',
      'arn:aws:s3:::b/a${*}b${?}.mov',
    ]);
    const text = JSON.stringify(policy);
    expect(text).not.toMatch(/\*(?!\})/);
    expect(text).not.toContain('s3:GetObject');
    expect(text).not.toContain('s3:DeleteObject');
  });

  it('uses the partition it is given (GovCloud, China)', () => {
    expect(uploadSessionPolicy('b', ['k'], 'aws-cn').Statement[0]!.Resource).toEqual(['arn:aws-cn:s3:::b/k']);
  });
});

describe('policyGroups', () => {
  it("keeps each policy within STS's 2,048-byte limit and loses no key", () => {
    const keys = Array.from({ length: 300 }, (_, i) => `Show A/Day 1/Camera A/A001C${String(i).padStart(3, '0')}_250301_R1AB.mov`);
    const groups = policyGroups('rushes-media', keys);
    expect(groups.length).toBeGreaterThan(1);
    expect(groups.flat()).toEqual(keys);
    for (const group of groups) {
      expect(Buffer.byteLength(JSON.stringify(uploadSessionPolicy('rushes-media', group)))).toBeLessThanOrEqual(MAX_SESSION_POLICY_BYTES);
    }
  });

  it('counts bytes, not characters, for non-Latin names', () => {
    const keys = Array.from({ length: 40 }, (_, i) => `日本語のショー/撮影日/カメラ/クリップ${i}.mov`);
    for (const group of policyGroups('b', keys)) {
      expect(Buffer.byteLength(JSON.stringify(uploadSessionPolicy('b', group)))).toBeLessThanOrEqual(MAX_SESSION_POLICY_BYTES);
    }
  });
});

describe('StsUploadCredentials', () => {
  it('assumes the upload role once per policy group, with the session policy naming its keys', async () => {
    const { sts, requests } = recordingSts();
    const adapter = new StsUploadCredentials(sts, {
      roleArn: 'arn:aws:iam::123456789012:role/rushes-upload',
      bucket: 'rushes-media',
      region: 'eu-west-2',
    });
    const grants = await adapter.grant(['Show/a.mov', 'Show/b.mov'], { userId: 'e3b0c442-98fc-1c14', email: 'mm@example.com' });
    expect(requests).toEqual([
      {
        RoleArn: 'arn:aws:iam::123456789012:role/rushes-upload',
        RoleSessionName: 'rushes-upload-e3b0c442-98fc-1c14',
        DurationSeconds: 3600,
        Policy: JSON.stringify(uploadSessionPolicy('rushes-media', ['Show/a.mov', 'Show/b.mov'])),
      },
    ]);
    expect(grants).toEqual([
      {
        keys: ['Show/a.mov', 'Show/b.mov'],
        credentials: { accessKeyId: 'ASIA1', secretAccessKey: 'secret', sessionToken: 'token' },
        expiresAt: '2026-03-01T10:00:00.000Z',
        kind: 'sts',
      },
    ]);
    expect(adapter.target).toEqual({ endpoint: null, region: 'eu-west-2', bucket: 'rushes-media', forcePathStyle: false });
  });

  it('splits a camera card into several AssumeRole calls', async () => {
    const { sts, requests } = recordingSts();
    const adapter = new StsUploadCredentials(sts, { roleArn: 'arn:aws:iam::1:role/r', bucket: 'rushes-media', region: 'us-east-1' });
    const keys = Array.from({ length: 100 }, (_, i) => `Show A/Day 1/A001C${String(i).padStart(3, '0')}.mov`);
    const grants = await adapter.grant(keys, { userId: 'u', email: 'e' });
    expect(requests.length).toBe(grants.length);
    expect(requests.length).toBeGreaterThan(1);
    expect(grants.flatMap((grant) => grant.keys)).toEqual(keys);
    for (const request of requests) expect(Buffer.byteLength(request.Policy!)).toBeLessThanOrEqual(MAX_SESSION_POLICY_BYTES);
  });

  it('refuses an answer without credentials instead of handing out nothing', async () => {
    const adapter = new StsUploadCredentials({ send: async () => ({ $metadata: {} }) }, { roleArn: 'r', bucket: 'b', region: 'r' });
    await expect(adapter.grant(['k'], { userId: 'u', email: 'e' })).rejects.toThrow(/without complete credentials/);
  });

  it("names sessions within STS's pattern and length", () => {
    expect(roleSessionName('a b/c:d')).toBe('rushes-upload-a-b-c-d');
    expect(roleSessionName('x'.repeat(100))).toHaveLength(64);
  });
});

describe('StaticUploadCredentials', () => {
  it("hands out the store's key for all keys, marked local, with an expiry to renew by", async () => {
    const clock = { now: () => new Date('2026-03-01T09:00:00.000Z') };
    const adapter = new StaticUploadCredentials(
      { endpoint: 'http://127.0.0.1:9', region: 'local', bucket: 'm', forcePathStyle: true },
      { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      clock,
    );
    expect(await adapter.grant(['a', 'b'])).toEqual([
      {
        keys: ['a', 'b'],
        credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', sessionToken: null },
        expiresAt: '2026-03-01T10:00:00.000Z',
        kind: 'local',
      },
    ]);
  });
});
