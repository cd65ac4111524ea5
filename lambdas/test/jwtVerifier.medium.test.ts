import http from 'node:http';
import { SignJWT, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { DomainError } from '@rushes/shared';
import { CognitoJwtVerifier } from '../src/adapters/jwtVerifier';
import { freePortRange } from '../../scripts/testing/localStack';

// When the identity service cannot be asked, the API must say "unavailable" (503), not
// "your token is bad" (401): a 401 makes the desktop throw the session away.
async function someToken() {
  const { privateKey } = await generateKeyPair('RS256');
  return new SignJWT({ token_use: 'id', email: 'a@example.com' })
    .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
    .setSubject('user')
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(privateKey);
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return (error as DomainError).code;
}

describe('CognitoJwtVerifier when the key service fails', () => {
  it('answers UNAVAILABLE when nothing listens at the JWKS address', async () => {
    const port = await freePortRange(1);
    const verifier = new CognitoJwtVerifier({ issuer: 'x', jwksUrl: `http://127.0.0.1:${port}/jwks.json`, audience: 'c' });
    expect(await codeOf(verifier.verify(await someToken()))).toBe('UNAVAILABLE');
  });

  it('answers UNAVAILABLE when the JWKS endpoint errors or returns garbage', async () => {
    for (const [status, body] of [
      [502, '{"message":"bad gateway"}'],
      [200, 'not json'],
    ] as const) {
      const server = http.createServer((_req, res) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(body);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
      const { port } = server.address() as { port: number };
      try {
        const verifier = new CognitoJwtVerifier({ issuer: 'x', jwksUrl: `http://127.0.0.1:${port}/jwks.json`, audience: 'c' });
        expect(await codeOf(verifier.verify(await someToken()))).toBe('UNAVAILABLE');
      } finally {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
    }
  });
});
