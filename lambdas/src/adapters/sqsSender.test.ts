import { createHash } from 'node:crypto';
import { SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { recordedHttp } from '../../test/support/recordedHttp';
import { sqsMessageSender } from './sqsSender';

const QUEUE = 'https://sqs.eu-west-1.amazonaws.com/123456789012/renders';
const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret', sessionToken: 'token' };
const md5 = (text: string) => createHash('md5').update(text).digest('hex');

describe('sqsMessageSender', () => {
  it('sends SendMessage signed for sqs in the region, with the session token, and answers the message id', async () => {
    const http = recordedHttp((request) => {
      const body = (JSON.parse(request.body) as { MessageBody: string }).MessageBody;
      return { status: 200, body: JSON.stringify({ MessageId: 'm-1', MD5OfMessageBody: md5(body) }) };
    });
    const send = sqsMessageSender(new SQSClient({ region: 'eu-west-1', credentials, requestHandler: http.requestHandler }), QUEUE);
    expect(await send('{"a":1}')).toBe('m-1');
    const [seen] = http.requests;
    expect(seen?.url).toBe('https://sqs.eu-west-1.amazonaws.com/');
    expect(JSON.parse(seen!.body)).toEqual({ QueueUrl: QUEUE, MessageBody: '{"a":1}' });
    expect(seen?.headers['x-amz-target']).toBe('AmazonSQS.SendMessage');
    expect(seen?.headers['x-amz-security-token']).toBe('token');
    expect(seen?.headers['authorization']).toMatch(/Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/sqs\/aws4_request/);
  });

  it("throws SQS's own error when it refuses the message", async () => {
    const http = recordedHttp(() => ({
      status: 400,
      body: '{"__type":"com.amazonaws.sqs#QueueDoesNotExist","message":"The specified queue does not exist."}',
    }));
    const send = sqsMessageSender(
      new SQSClient({ region: 'eu-west-1', credentials, requestHandler: http.requestHandler, maxAttempts: 1 }),
      QUEUE,
    );
    await expect(send('{}')).rejects.toMatchObject({ name: 'QueueDoesNotExist', message: 'The specified queue does not exist.' });
  });

  it("refuses an answer whose body checksum is not the message's (the SDK checks it)", async () => {
    const http = recordedHttp(() => ({ status: 200, body: JSON.stringify({ MessageId: 'm-1', MD5OfMessageBody: md5('other') }) }));
    const send = sqsMessageSender(new SQSClient({ region: 'eu-west-1', credentials, requestHandler: http.requestHandler }), QUEUE);
    await expect(send('{}')).rejects.toThrow();
  });

  it('refuses an answer without a message id, naming the queue', async () => {
    const http = recordedHttp(() => ({ status: 200, body: JSON.stringify({ MD5OfMessageBody: md5('{}') }) }));
    const send = sqsMessageSender(new SQSClient({ region: 'eu-west-1', credentials, requestHandler: http.requestHandler }), QUEUE);
    await expect(send('{}')).rejects.toThrow(`SQS accepted a message for ${QUEUE} but returned no message id`);
  });
});
