// s3rver ships no types; this declares the part of its API local mode uses.
declare module 's3rver' {
  import type { EventEmitter } from 'node:events';
  import type { IncomingMessage, Server, ServerResponse } from 'node:http';
  import type { AddressInfo } from 'node:net';

  interface S3rverOptions {
    address?: string;
    port?: number;
    directory?: string;
    silent?: boolean;
    resetOnClose?: boolean;
    allowMismatchedSignatures?: boolean;
    vhostBuckets?: boolean;
    configureBuckets?: { name: string; configs?: (string | Buffer)[] }[];
  }

  export interface S3Event {
    Records: {
      eventName: string;
      eventTime: string;
      s3: { bucket: { name: string }; object: { key: string; size?: number; eTag?: string } };
    }[];
  }

  export default class S3rver extends EventEmitter {
    constructor(options?: S3rverOptions);
    run(): Promise<AddressInfo>;
    /** Creates the configured buckets and applies their configs (run() does this too). */
    configureBuckets(): Promise<void>;
    /** The Koa request handler, to mount on a server of our own. */
    callback(): (req: IncomingMessage, res: ServerResponse) => Promise<void>;
    close(): Promise<void>;
    httpServer?: Server;
    on(event: 'event', listener: (event: S3Event) => void): this;
    off(event: 'event', listener: (event: S3Event) => void): this;
  }
}
