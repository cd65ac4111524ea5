import { describe, expect, it } from 'vitest';
import { PUSH_PROTOCOL, parsePushMessage, pushProtocols, tokenFromProtocols } from './pushApi';

const token = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1In0.c2ln';

describe('the push channel contract', () => {
  it('offers the token after the protocol and reads it back only from that exact offer', () => {
    expect(pushProtocols(token)).toEqual([PUSH_PROTOCOL, token]);
    expect(tokenFromProtocols(pushProtocols(token))).toBe(token);
    expect(tokenFromProtocols([token])).toBeNull();
    expect(tokenFromProtocols(['other', token])).toBeNull();
    expect(tokenFromProtocols([PUSH_PROTOCOL, token, 'x'])).toBeNull();
    expect(tokenFromProtocols([PUSH_PROTOCOL, 'not-a-jwt'])).toBeNull();
  });

  it('reads a nudge and nothing else', () => {
    expect(parsePushMessage('{"type":"changes","upTo":42}')).toEqual({ type: 'changes', upTo: 42 });
    expect(parsePushMessage('{"type":"changes","upTo":-1}')).toBeNull();
    expect(parsePushMessage('{"type":"changes","upTo":4,"folder":"Show"}')).toBeNull();
    expect(parsePushMessage('{"type":"other"}')).toBeNull();
    expect(parsePushMessage('not json')).toBeNull();
  });
});
