// Test support: an SDK client's HTTP handler that records each signed request and answers it
// without a network, for services that cannot run here (SQS). Tests assert the exact request.

/** What the handler reads of the SDK's signed request. */
interface SignedRequest {
  readonly protocol: string;
  readonly hostname: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: unknown;
}

export interface RecordedRequest {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

export function recordedHttp(answer: (request: RecordedRequest, index: number) => { status: number; body: string }) {
  const requests: RecordedRequest[] = [];
  const requestHandler = {
    async handle(request: SignedRequest) {
      const recorded = {
        url: `${request.protocol}//${request.hostname}${request.path}`,
        headers: { ...request.headers },
        body: typeof request.body === 'string' ? request.body : new TextDecoder().decode(request.body as Uint8Array),
      };
      requests.push(recorded);
      const { status, body } = answer(recorded, requests.length);
      return {
        response: { statusCode: status, headers: { 'content-type': 'application/x-amz-json-1.0' }, body: new TextEncoder().encode(body) },
      };
    },
  };
  return { requests, requestHandler };
}
