// s3rver ships no types; the ambient declaration must travel with this file to every tsconfig that compiles it.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./s3rver.d.ts" />
import crypto from 'node:crypto';
import path from 'node:path';
import S3rver from 's3rver';

export interface S3Standin {
  endpoint: string;
  server: S3rver;
  stop(): Promise<void>;
}

/** CORS for presigned GETs from the renderer (video, images). Writes never come from a browser. */
const corsXml = `<CORSConfiguration>
  <CORSRule>
    <AllowedOrigin>*</AllowedOrigin>
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

/** s3rver on 127.0.0.1 only: it checks no signatures, so it must never face a network. */
export async function startS3Standin(options: {
  dataDir: string;
  port: number;
  buckets: string[];
}): Promise<S3Standin> {
  assertLegacyCiphers();
  const server = new S3rver({
    address: '127.0.0.1',
    port: options.port,
    directory: path.join(options.dataDir, 's3'),
    silent: true,
    vhostBuckets: false,
    configureBuckets: options.buckets.map((name) => ({ name, configs: [corsXml] })),
  });
  const address = await server.run();
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    server,
    async stop() {
      server.httpServer?.closeAllConnections();
      await server.close();
    },
  };
}
