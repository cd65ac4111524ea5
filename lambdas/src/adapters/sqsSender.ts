import { createHash, createHmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity, Checksum, Provider } from '@smithy/types';

/**
 * Sends one message to an SQS queue: SQS's JSON protocol (`AmazonSQS.SendMessage`) over HTTPS,
 * signed with SigV4 by the SDK's own signer. The workspace has no `@aws-sdk/client-sqs`
 * installed (and node_modules is shared and read-only to us); this is the one call the API
 * needs, and it is replaced by `SQSClient` + `SendMessageCommand` once that package is added.
 */
export class SqsSender {
  private readonly signer: SignatureV4;

  constructor(
    private readonly options: {
      region: string;
      credentials: AwsCredentialIdentity | Provider<AwsCredentialIdentity>;
      /** Injected in tests; the global fetch otherwise. */
      fetch?: typeof fetch;
    },
  ) {
    this.signer = new SignatureV4({ service: 'sqs', region: options.region, credentials: options.credentials, sha256: NodeSha256 });
  }

  /** Answers the message id; throws with SQS's own error type and message. */
  async send(queueUrl: string, body: string): Promise<string> {
    const url = new URL(queueUrl);
    if (url.protocol !== 'https:') throw new Error(`The render queue URL must be https:// (got ${url.protocol})`);
    const payload = JSON.stringify({ QueueUrl: queueUrl, MessageBody: body });
    const signed = await this.signer.sign({
      method: 'POST',
      protocol: 'https:',
      hostname: url.hostname,
      path: '/',
      headers: {
        host: url.hostname,
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'AmazonSQS.SendMessage',
      },
      body: payload,
    });
    const answer = await (this.options.fetch ?? fetch)(`https://${url.hostname}/`, {
      method: 'POST',
      headers: signed.headers,
      body: payload,
    });
    const text = await answer.text();
    const parsed = safeJson(text);
    if (!answer.ok) {
      const type = typeof parsed['__type'] === 'string' ? parsed['__type'].split('#').pop() : `HTTP ${answer.status}`;
      const message = typeof parsed['message'] === 'string' ? parsed['message'] : text.slice(0, 200);
      throw new Error(`SQS refused the message (${type}): ${message}`);
    }
    if (typeof parsed['MessageId'] !== 'string') throw new Error('SQS accepted the message but returned no message id');
    return parsed['MessageId'];
  }
}

function safeJson(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

type Bytes = string | ArrayBuffer | ArrayBufferView;

/** SHA-256 (and HMAC-SHA-256 with a secret) over node:crypto, in the shape the signer takes. */
class NodeSha256 implements Checksum {
  private hash: ReturnType<typeof createHash> | ReturnType<typeof createHmac>;

  constructor(private readonly secret?: Bytes) {
    this.hash = this.fresh();
  }

  update(data: Uint8Array): void {
    this.hash.update(data);
  }

  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }

  reset(): void {
    this.hash = this.fresh();
  }

  private fresh() {
    return this.secret === undefined ? createHash('sha256') : createHmac('sha256', toBuffer(this.secret));
  }
}

function toBuffer(data: Bytes): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data);
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}
