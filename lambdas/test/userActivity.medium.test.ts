import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoLocalClient, dynamoLocalOrSkip, startDynamoLocal, type DynamoLocal } from '../../scripts/testing/dynamoLocal';
import { DynamoCatalog, createCatalogTables } from '../src/adapters/dynamoCatalog';
import { decodeSubscription, recordUserActivity } from '../src/handlers/cloud/userActivityLog';
import type { Clock } from '../src/ports';
import { USER_SUB, authEventRecord, subscriptionEvent } from './support/cognitoActivity';
import { heavyTimeout } from '../../scripts/testing/timeouts';

// The cloud's user-activity Lambda, minus its entry point: a CloudWatch Logs subscription
// payload of Cognito records → the real DynamoDB catalog adapter on DynamoDB Local.
const unavailable = dynamoLocalOrSkip('the user-activity audit on DynamoDB Local');

const EMAIL = 'dit@example.com';
const clock: Clock = { now: () => new Date(Date.UTC(2026, 11, 7, 2)) };
const wrongPassword = authEventRecord({
  eventId: 'a1',
  eventResponse: 'Fail',
  challenges: [{ challengeType: 'Password', challengeResult: 'Failure' }],
});
const wrongCode = authEventRecord({
  eventId: 'a2',
  eventResponse: 'Fail',
  challenges: [
    { challengeType: 'Password', challengeResult: 'Success' },
    { challengeType: 'Mfa', challengeResult: 'Failure' },
  ],
  at: Date.UTC(2026, 11, 7, 1, 3),
});
const blocked = authEventRecord({ eventId: 'a3', eventResponse: 'Fail', challenges: [], at: Date.UTC(2026, 11, 7, 1, 4) });
const success = authEventRecord({
  eventId: 'a4',
  eventResponse: 'Pass',
  challenges: [{ challengeType: 'Password', challengeResult: 'Success' }],
});

describe.skipIf(unavailable !== null)('user-activity log → audit log (DynamoDB Local)', () => {
  let dynamo: DynamoLocal;
  let client: DynamoDBClient;
  let catalog: DynamoCatalog;
  const lines: Record<string, unknown>[] = [];
  const lookups: string[] = [];
  const deps = () => ({
    catalog,
    emailOf: async (name: string) => {
      lookups.push(name);
      return name === USER_SUB ? EMAIL : null;
    },
    log: (line: Record<string, unknown>) => lines.push(line),
  });

  beforeAll(async () => {
    dynamo = await startDynamoLocal();
    client = dynamoLocalClient(dynamo);
    await createCatalogTables(client, 'activity');
    catalog = new DynamoCatalog({ client, tableName: 'activity', clock });
  }, heavyTimeout(120_000));
  afterAll(async () => {
    client?.destroy();
    await dynamo?.stop();
  });

  it('writes each failed password, wrong code and lockout once, as the user, from their address; a redelivery writes nothing', async () => {
    const event = subscriptionEvent([wrongPassword, wrongCode, blocked, success].map((record) => JSON.stringify(record)));
    expect(await recordUserActivity(decodeSubscription(event), deps())).toEqual({
      written: 3,
      duplicates: 0,
      ignored: 1,
      malformed: 0,
      failed: 0,
    });
    // One directory look-up for the three events of one user.
    expect(lookups).toEqual([USER_SUB]);

    const page = await catalog.listAudit({ limit: 10, cursor: null, actor: EMAIL });
    expect(page.items.map((e) => [e.action, e.outcome, e.at])).toEqual([
      ['auth.locked', 'denied', '2026-12-07T01:04:00.000Z'],
      ['auth.mfa-failed', 'failed', '2026-12-07T01:03:00.000Z'],
      ['auth.password-failed', 'failed', '2026-12-07T01:02:03.456Z'],
    ]);
    expect(page.items[1]).toMatchObject({
      id: 'cognito-a2',
      target: EMAIL,
      address: '198.51.100.24',
      details: { step: 'sign-in', source: 'cognito' },
    });
    const filtered = await catalog.listAudit({ limit: 10, cursor: null, action: 'auth.password-failed' });
    expect(filtered.items).toHaveLength(1);

    // CloudWatch Logs (or Lambda's retry) delivers the same batch again.
    expect(await recordUserActivity(decodeSubscription(event), deps())).toMatchObject({ written: 0, duplicates: 3 });
    expect((await catalog.listAudit({ limit: 10, cursor: null, actor: EMAIL })).items).toHaveLength(3);
  });

  it('counts and logs a malformed record, naming it, and still writes the rest', async () => {
    const missingUser = authEventRecord({ eventId: 'b1', eventResponse: 'Fail', challenges: [] });
    delete (missingUser['message'] as Record<string, unknown>)['userName'];
    const gone = authEventRecord({
      eventId: 'b2',
      eventResponse: 'Fail',
      userName: 'deleted-user',
      challenges: [{ challengeType: 'Password', challengeResult: 'Failure' }],
    });
    delete (gone['message'] as Record<string, unknown>)['userSub'];
    const event = subscriptionEvent(['not json {', JSON.stringify(missingUser), JSON.stringify(gone)]);
    lines.length = 0;
    expect(await recordUserActivity(decodeSubscription(event), deps())).toEqual({
      written: 1,
      duplicates: 0,
      ignored: 0,
      malformed: 2,
      failed: 0,
    });
    expect(lines).toContainEqual(
      expect.objectContaining({ msg: 'user-activity record is not JSON', logEventId: '3865823458273645000000' }),
    );
    expect(lines).toContainEqual(
      expect.objectContaining({
        msg: 'user-activity record is not a Cognito auth event',
        problem: expect.stringMatching(/^message\.userName:/),
      }),
    );
    expect(lines.at(-1)).toMatchObject({ msg: 'user activity recorded', events: 3, malformed: 2, written: 1 });
    // A user the directory no longer knows is recorded under Cognito's username.
    expect((await catalog.listAudit({ limit: 10, cursor: null, actor: 'deleted-user' })).items[0]).toMatchObject({
      action: 'auth.password-failed',
    });
  });

  it('writes nothing for the control message CloudWatch Logs sends when the filter is created', async () => {
    const event = subscriptionEvent(['CWL CONTROL MESSAGE: Checking health of destination Lambda.'], 'CONTROL_MESSAGE');
    expect(await recordUserActivity(decodeSubscription(event), deps())).toEqual({
      written: 0,
      duplicates: 0,
      ignored: 0,
      malformed: 0,
      failed: 0,
    });
  });

  it('a write that fails for another reason fails the batch after the others are tried, so Lambda retries it', async () => {
    const writes: string[] = [];
    const flaky = {
      appendAudit: async (event: { id: string }) => {
        writes.push(event.id);
        if (event.id === 'cognito-a1') throw new Error('ProvisionedThroughputExceededException');
      },
    };
    const event = subscriptionEvent([wrongPassword, wrongCode].map((record) => JSON.stringify(record)));
    await expect(recordUserActivity(decodeSubscription(event), { ...deps(), catalog: flaky })).rejects.toThrow(
      'ProvisionedThroughputExceededException',
    );
    expect(writes).toEqual(['cognito-a1', 'cognito-a2']);
  });
});

describe('the subscription payload', () => {
  it('refuses what is not a CloudWatch Logs subscription event, naming the part', () => {
    expect(() => decodeSubscription({ Records: [] })).toThrow(/awslogs: /);
    expect(() => decodeSubscription({ awslogs: { data: Buffer.from('plain').toString('base64') } })).toThrow(/not gzipped JSON/);
  });
});
