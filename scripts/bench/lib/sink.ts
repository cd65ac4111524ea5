// A bench's S3 sink: an S3-compatible endpoint on 127.0.0.1 that keeps nothing it is sent and
// serves objects made up from their key, so a client measured against it is held back only by
// itself and the loopback, not by s3rver writing and re-reading every byte. Uploads answer with
// the ETags S3 computes (MD5 of the body; for a multipart upload MD5 of the parts' binary MD5s
// and `-N`), so a client that checks them accepts the sink. Signatures are not checked.
//
// Object bytes are AES-128-CTR keystream keyed by the MD5 of `bucket/key`: incompressible,
// the same on every run, fast to make, and any range can be made on its own.
import { createCipheriv, createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** An object the sink serves, its bytes generated from its bucket and key. */
export interface GeneratedObject {
  bucket: string;
  key: string;
  size: number;
}

export interface SinkOptions {
  generated?: readonly GeneratedObject[];
  /** Uploads whose bodies the sink keeps and serves back (a transfer's manifest); it drops all others. */
  keep?: (bucket: string, key: string) => boolean;
}

export interface Sink {
  endpoint: string;
  /** Upload body bytes received (and dropped) since the start. */
  readonly bytesIn: number;
  stop(): Promise<void>;
}

const AES_BLOCK = 16;
const CHUNK = 1024 * 1024;
const ZEROS = Buffer.alloc(CHUNK);
/** Objects are generated, so they have no upload date of their own. */
const LAST_MODIFIED = new Date(Date.UTC(2026, 0, 1)).toUTCString();

/** The bytes [start, end) of a generated object, as a stream of chunks of up to 1 MiB. */
export function generatedStream(bucket: string, key: string, start: number, end: number): Readable {
  const block = Math.floor(start / AES_BLOCK);
  const counter = Buffer.alloc(16);
  counter.writeBigUInt64BE(BigInt(block), 8);
  const cipher = createCipheriv('aes-128-ctr', createHash('md5').update(`${bucket}/${key}`).digest(), counter);
  let skip = start - block * AES_BLOCK;
  let left = end - start;
  return new Readable({
    read() {
      if (left <= 0) return void this.push(null);
      const take = Math.min(CHUNK, left + skip);
      const bytes = cipher.update(ZEROS.subarray(0, take)).subarray(skip);
      skip = 0;
      left -= bytes.length;
      this.push(bytes);
    },
  });
}

/** The bytes [start, end) of a generated object in one buffer (tests, and hashing small files). */
export async function generatedBytes(bucket: string, key: string, start: number, end: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of generatedStream(bucket, key, start, end)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** An ETag for a generated object: stable per content, but not its MD5, which would cost a pass over every byte. */
function generatedEtag(object: GeneratedObject): string {
  return `"${createHash('md5').update(`${object.bucket}/${object.key}:${object.size}`).digest('hex')}"`;
}

const escapeXml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

function xml(response: ServerResponse, status: number, body: string): void {
  const text = `<?xml version="1.0" encoding="UTF-8"?>\n${body}`;
  response.writeHead(status, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

function s3Error(response: ServerResponse, status: number, code: string, message: string): void {
  if (response.req.method === 'HEAD') return void response.writeHead(status).end();
  xml(response, status, `<Error><Code>${code}</Code><Message>${escapeXml(message)}</Message></Error>`);
}

/** MD5 of a request body, read and dropped; null when it is not the Content-MD5 the client sent. */
async function md5Of(request: IncomingMessage, counted: (bytes: number) => void): Promise<Buffer | null> {
  const hash = createHash('md5');
  for await (const chunk of request) {
    hash.update(chunk as Buffer);
    counted((chunk as Buffer).length);
  }
  const md5 = hash.digest();
  const sent = request.headers['content-md5'];
  return sent && sent !== md5.toString('base64') ? null : md5;
}

async function bodyOf(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** `bytes=a-b`, `bytes=a-` or `bytes=-n` against `size`: [start, end), or null for an unsatisfiable range. */
export function parseRange(header: string, size: number): { start: number; end: number } | null {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return null;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    return suffix === 0 ? null : { start: Math.max(0, size - suffix), end: size };
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? size : Math.min(size, Number(match[2]) + 1);
  return start < size && start < end ? { start, end } : null;
}

export async function startSink(options: SinkOptions = {}): Promise<Sink> {
  const generated = new Map((options.generated ?? []).map((object) => [`${object.bucket}/${object.key}`, object]));
  const stored = new Map<string, Buffer>();
  /** Per multipart upload, each part's MD5: enough to answer CompleteMultipartUpload. */
  const uploads = new Map<string, Map<number, Buffer>>();
  const listings = new Map<string, GeneratedObject[]>();
  const sorted = (bucket: string) => {
    let objects = listings.get(bucket);
    if (!objects) {
      // S3 lists keys in the order of their UTF-8 bytes.
      objects = [...generated.values()]
        .filter((o) => o.bucket === bucket)
        .sort((a, b) => Buffer.compare(Buffer.from(a.key), Buffer.from(b.key)));
      listings.set(bucket, objects);
    }
    return objects;
  };
  let bytesIn = 0;
  const counted = (bytes: number) => (bytesIn += bytes);

  const listObjectsV2 = (response: ServerResponse, bucket: string, query: URLSearchParams) => {
    const prefix = query.get('prefix') ?? '';
    const maxKeys = Math.min(1000, Number(query.get('max-keys') ?? 1000) || 1000);
    const token = query.get('continuation-token');
    const after = token ? Buffer.from(token, 'base64url').toString('utf8') : (query.get('start-after') ?? '');
    const matching = sorted(bucket).filter((o) => o.key.startsWith(prefix) && Buffer.compare(Buffer.from(o.key), Buffer.from(after)) > 0);
    const page = matching.slice(0, maxKeys);
    const truncated = matching.length > page.length;
    const contents = page
      .map(
        (o) =>
          `<Contents><Key>${escapeXml(o.key)}</Key><LastModified>${new Date(LAST_MODIFIED).toISOString()}</LastModified>` +
          `<ETag>${escapeXml(generatedEtag(o))}</ETag><Size>${o.size}</Size><StorageClass>STANDARD</StorageClass></Contents>`,
      )
      .join('');
    const next = truncated ? `<NextContinuationToken>${Buffer.from(page.at(-1)!.key).toString('base64url')}</NextContinuationToken>` : '';
    xml(
      response,
      200,
      `<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${escapeXml(bucket)}</Name><Prefix>${escapeXml(prefix)}</Prefix>` +
        `<KeyCount>${page.length}</KeyCount><MaxKeys>${maxKeys}</MaxKeys><IsTruncated>${truncated}</IsTruncated>` +
        `${token ? `<ContinuationToken>${escapeXml(token)}</ContinuationToken>` : ''}${next}${contents}</ListBucketResult>`,
    );
  };

  const getObject = async (request: IncomingMessage, response: ServerResponse, bucket: string, key: string) => {
    const body = stored.get(`${bucket}/${key}`);
    const object = generated.get(`${bucket}/${key}`);
    if (!body && !object) return s3Error(response, 404, 'NoSuchKey', `no object ${key}`);
    const size = body ? body.length : object!.size;
    const etag = body ? `"${createHash('md5').update(body).digest('hex')}"` : generatedEtag(object!);
    const headers = { etag, 'last-modified': LAST_MODIFIED, 'accept-ranges': 'bytes', 'content-type': 'application/octet-stream' };
    let range = { start: 0, end: size };
    let status = 200;
    if (request.headers.range) {
      const asked = parseRange(request.headers.range, size);
      if (!asked) return s3Error(response, 416, 'InvalidRange', `the range ${request.headers.range} is not within ${size} bytes`);
      range = asked;
      status = 206;
      Object.assign(headers, { 'content-range': `bytes ${range.start}-${range.end - 1}/${size}` });
    }
    response.writeHead(status, { ...headers, 'content-length': range.end - range.start });
    if (request.method === 'HEAD') return void response.end();
    const stream = body ? Readable.from([body.subarray(range.start, range.end)]) : generatedStream(bucket, key, range.start, range.end);
    await pipeline(stream, response);
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://sink');
    const [bucket = '', ...rest] = url.pathname.slice(1).split('/');
    const key = decodeURIComponent(rest.join('/'));
    const query = url.searchParams;
    const method = request.method ?? 'GET';
    if (request.headers['content-encoding']?.includes('aws-chunked'))
      return s3Error(response, 501, 'NotImplemented', 'the sink takes plain bodies: send checksums only when required');
    if (method === 'GET' && key === '' && query.get('list-type') === '2') return listObjectsV2(response, decodeURIComponent(bucket), query);
    if (key === '') return s3Error(response, 501, 'NotImplemented', `the sink does not answer ${method} ${url.pathname}${url.search}`);
    if (method === 'POST' && query.has('uploads')) {
      const uploadId = randomUUID();
      uploads.set(uploadId, new Map());
      return xml(
        response,
        200,
        `<InitiateMultipartUploadResult><Bucket>${escapeXml(bucket)}</Bucket><Key>${escapeXml(key)}</Key><UploadId>${uploadId}</UploadId></InitiateMultipartUploadResult>`,
      );
    }
    const uploadId = query.get('uploadId');
    const parts = uploadId ? uploads.get(uploadId) : undefined;
    if (uploadId && !parts) return s3Error(response, 404, 'NoSuchUpload', `no multipart upload ${uploadId}`);
    if (method === 'PUT' && parts) {
      const md5 = await md5Of(request, counted);
      if (!md5) return s3Error(response, 400, 'BadDigest', 'the Content-MD5 does not match the body');
      parts.set(Number(query.get('partNumber')), md5);
      return response.writeHead(200, { etag: `"${md5.toString('hex')}"`, 'content-length': 0 }).end();
    }
    if (method === 'POST' && parts) {
      const listed = [...(await bodyOf(request)).toString('utf8').matchAll(/<PartNumber>(\d+)<\/PartNumber>/g)].map((m) => Number(m[1]));
      const md5s = listed.map((n) => parts.get(n));
      if (listed.length === 0 || md5s.some((md5) => !md5)) return s3Error(response, 400, 'InvalidPart', 'a listed part was not uploaded');
      uploads.delete(uploadId!);
      const etag = `"${createHash('md5')
        .update(Buffer.concat(md5s as Buffer[]))
        .digest('hex')}-${listed.length}"`;
      return xml(
        response,
        200,
        `<CompleteMultipartUploadResult><Location>http://sink/${escapeXml(bucket)}/${escapeXml(key)}</Location><Bucket>${escapeXml(bucket)}</Bucket>` +
          `<Key>${escapeXml(key)}</Key><ETag>${escapeXml(etag)}</ETag></CompleteMultipartUploadResult>`,
      );
    }
    if (method === 'DELETE' && parts) {
      uploads.delete(uploadId!);
      return response.writeHead(204).end();
    }
    if (method === 'PUT' && query.has('tagging')) {
      await bodyOf(request);
      return response.writeHead(200, { 'content-length': 0 }).end();
    }
    if (method === 'PUT' && options.keep?.(bucket, key)) {
      const body = await bodyOf(request);
      stored.set(`${bucket}/${key}`, body);
      return response.writeHead(200, { etag: `"${createHash('md5').update(body).digest('hex')}"`, 'content-length': 0 }).end();
    }
    if (method === 'PUT') {
      const md5 = await md5Of(request, counted);
      if (!md5) return s3Error(response, 400, 'BadDigest', 'the Content-MD5 does not match the body');
      return response.writeHead(200, { etag: `"${md5.toString('hex')}"`, 'content-length': 0 }).end();
    }
    if (method === 'GET' || method === 'HEAD') return getObject(request, response, decodeURIComponent(bucket), key);
    return s3Error(response, 501, 'NotImplemented', `the sink does not answer ${method} ${url.pathname}${url.search}`);
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) s3Error(response, 500, 'InternalError', String(error));
      else response.destroy(error as Error);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    get bytesIn() {
      return bytesIn;
    },
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
