import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';

/** Puts messages on one queue through the SDK; each answers its message id. */
export function sqsMessageSender(client: Pick<SQSClient, 'send'>, queueUrl: string): (body: string) => Promise<string> {
  return async (body) => {
    const answer = await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }));
    if (!answer.MessageId) throw new Error(`SQS accepted a message for ${queueUrl} but returned no message id`);
    return answer.MessageId;
  };
}
