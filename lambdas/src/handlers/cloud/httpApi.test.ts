import { describe, expect, it } from 'vitest';
import { toApiRequest, type HttpApiEvent } from './httpApi';

const event: HttpApiEvent = {
  rawPath: '/v1/media/urls',
  headers: { 'x-forwarded-for': '203.0.113.9' },
  requestContext: { http: { method: 'POST', sourceIp: '198.51.100.7' }, requestId: 'r1' },
};

describe('toApiRequest', () => {
  it("takes the caller's address from API Gateway's sourceIp, not from a header the client wrote", () => {
    expect(toApiRequest(event, () => 'unused').sourceAddress).toBe('198.51.100.7');
  });

  it('leaves the address out when API Gateway gives none', () => {
    const request = toApiRequest({ ...event, requestContext: { http: { method: 'POST' }, requestId: 'r1' } }, () => 'unused');
    expect(request).not.toHaveProperty('sourceAddress');
  });
});
