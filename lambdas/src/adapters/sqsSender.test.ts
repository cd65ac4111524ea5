import { describe, expect, it } from 'vitest';
import { SqsSender } from './sqsSender';

const QUEUE = 'https://sqs.eu-west-1.amazonaws.com/123456789012/renders';
const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret', sessionToken: 'token' };

describe('SqsSender', () => {
  it('signs SendMessage for sqs in the region, with the session token, and answers the message id', async () => {
    let seen: { url: string; headers: Record<string, string>; body: string } | undefined;
    const sender = new SqsSender({
      region: 'eu-west-1',
      credentials,
      fetch: async (url, init) => {
        seen = { url: String(url), headers: init?.headers as Record<string, string>, body: String(init?.body) };
        return new Response('{"MessageId":"m-1","MD5OfMessageBody":"x"}', { status: 200 });
      },
    });
    expect(await sender.send(QUEUE, '{"a":1}')).toBe('m-1');
    expect(seen?.url).toBe('https://sqs.eu-west-1.amazonaws.com/');
    expect(JSON.parse(seen!.body)).toEqual({ QueueUrl: QUEUE, MessageBody: '{"a":1}' });
    expect(seen?.headers['x-amz-security-token']).toBe('token');
    expect(seen?.headers['x-amz-date']).toMatch(/^\d{8}T\d{6}Z$/);
    expect(seen?.headers['authorization']).toMatch(/Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/sqs\/aws4_request/);
  });

  it("throws with SQS's error type and message", async () => {
    const sender = new SqsSender({
      region: 'eu-west-1',
      credentials,
      fetch: async () =>
        new Response('{"__type":"com.amazonaws.sqs#QueueDoesNotExist","message":"The specified queue does not exist."}', { status: 400 }),
    });
    await expect(sender.send(QUEUE, '{}')).rejects.toThrow(
      'SQS refused the message (QueueDoesNotExist): The specified queue does not exist.',
    );
  });

  it('refuses a queue URL that is not https', async () => {
    const sender = new SqsSender({ region: 'eu-west-1', credentials, fetch: async () => new Response('{}') });
    await expect(sender.send('http://sqs.eu-west-1.amazonaws.com/1/q', '{}')).rejects.toThrow(/must be https/);
  });
});
