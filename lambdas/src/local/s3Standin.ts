// s3rver ships no types; the ambient declaration must travel with this file to every tsconfig that compiles it.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./s3rver.d.ts" />
import crypto from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import S3rver from 's3rver';
import { abortMultipartUpload, assembleMultipartLikeS3 } from './s3rverMultipart';
import { closeServer, listenOnLoopback, refuseForeignRequest } from './loopbackHttp';

export interface S3Standin {
  endpoint: string;
  server: S3rver;
  stop(): Promise<void>;
}

/** CORS for presigned GETs from the web-mode renderer (video, images). Writes never come from a browser. */
function corsXml(origins: readonly string[]): string {
  const allowed = origins.map((origin) => `    <AllowedOrigin>${origin}</AllowedOrigin>`).join('\n');
  return `<CORSConfiguration>
  <CORSRule>
${allowed}
    <AllowedMethod>GET</AllowedMethod>
    <AllowedMethod>HEAD</AllowedMethod>
    <AllowedHeader>*</AllowedHeader>
    <ExposeHeader>ETag</ExposeHeader>
    <ExposeHeader>Content-Length</ExposeHeader>
    <ExposeHeader>Content-Range</ExposeHeader>
    <ExposeHeader>Accept-Ranges</ExposeHeader>
    <MaxAgeSeconds>3600</MaxAgeSeconds>
  </CORSRule>
</CORSConfiguration>`;
}

/**
 * s3rver encrypts list continuation tokens with DES, which Node ≥17 only has under the
 * OpenSSL legacy provider. Fail at start with the fix instead of on the 1,001st object.
 */
export function assertLegacyCiphers(): void {
  try {
    crypto.createCipheriv('des', Buffer.alloc(8), Buffer.alloc(8));
  } catch {
    throw new Error('s3rver needs the OpenSSL legacy provider: start Node with --openssl-legacy-provider (npm start and npm run web do).');
  }
}

/**
 * s3rver on 127.0.0.1 behind a front on the same port. s3rver serves unsigned requests and
 * checks only the access key id of signed ones (it does not verify SigV4 signatures), so the
 * front refuses requests that carry no signature at all, a foreign Host (DNS rebinding),
 * a foreign Origin and cross-site fetches: no web page can read or write the buckets.
 */
export async function startS3Standin(options: {
  dataDir: string;
  port: number;
  buckets: string[];
  /** Browser origins allowed to fetch presigned URLs (the web-mode renderer). */
  allowedOrigins?: readonly string[];
}): Promise<S3Standin> {
  assertLegacyCiphers();
  const allowedOrigins = options.allowedOrigins ?? [];
  const s3rver = new S3rver({
    address: '127.0.0.1',
    port: options.port,
    directory: path.join(options.dataDir, 's3'),
    silent: true,
    vhostBuckets: false,
    // No allowed origin, no CORS rule: then no browser may read the buckets at all.
    configureBuckets: options.buckets.map((name) => ({ name, configs: allowedOrigins.length > 0 ? [corsXml(allowedOrigins)] : [] })),
  });
  assembleMultipartLikeS3(s3rver);
  await s3rver.configureBuckets();
  const handle = s3rver.callback();
  const server = http.createServer((req, res) => {
    const refusal = refuseForeignRequest(req, options.port, allowedOrigins) ?? (isSigned(req) ? null : 'Requests must be signed.');
    if (refusal && !(req.method === 'OPTIONS' && refusal === 'Requests must be signed.')) {
      res.writeHead(403, { 'content-type': 'application/xml' });
      res.end(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>${refusal}</Message></Error>`);
      return;
    }
    void abortMultipartUpload(s3rver, req, res)
      .then((handled) => (handled ? undefined : handle(req, res)))
      .catch(() => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/xml' });
        res.end(
          '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>InternalError</Code><Message>We encountered an internal error. Please try again.</Message></Error>',
        );
      });
  });
  const port = await listenOnLoopback(server, options.port);
  return {
    endpoint: `http://127.0.0.1:${port}`,
    server: s3rver,
    stop: () => closeServer(server),
  };
}

/** A SigV4 (or V2) Authorization header, or presigned query parameters. */
function isSigned(req: http.IncomingMessage): boolean {
  if (typeof req.headers.authorization === 'string' && req.headers.authorization.length > 0) return true;
  const query = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams;
  return query.has('X-Amz-Signature') || query.has('Signature');
}
