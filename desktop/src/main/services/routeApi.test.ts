import { describe, expect, it } from 'vitest';
import { BackendClient } from './backend';
import { createRouteApi } from './routeApi';

/** A BackendClient whose fetch records each request and answers `answer`. */
function recording(answer: unknown) {
  const sent: { method: string; url: string; body: string | undefined }[] = [];
  const fetchImpl = (async (url: URL, init: RequestInit) => {
    sent.push({ method: String(init.method), url: url.toString(), body: init.body as string | undefined });
    return new Response(JSON.stringify(answer), { status: 200 });
  }) as unknown as typeof fetch;
  const backend = new BackendClient(
    'http://api.test',
    async () => 'token',
    async () => undefined,
    fetchImpl,
  );
  return { api: createRouteApi(backend), sent };
}

describe('createRouteApi', () => {
  it('sends a body route its argument as JSON, a query route as the query, and a bare route nothing', async () => {
    const posted = recording({ id: 'ws-1' });
    expect(await posted.api.deleteWorkstation({ id: 'ws-1' })).toEqual({ id: 'ws-1' });
    expect(posted.sent).toEqual([{ method: 'POST', url: 'http://api.test/v1/admin/workstations/delete', body: '{"id":"ws-1"}' }]);

    const asked = recording({ users: [] });
    expect(await asked.api.groupMembers({ name: 'show-a' })).toEqual({ users: [] });
    expect(asked.sent).toEqual([{ method: 'GET', url: 'http://api.test/v1/admin/groups/members?name=show-a', body: undefined }]);

    const bare = recording({ email: 'a@example.com', groups: [], isAdmin: false });
    expect(await bare.api.getMe()).toEqual({ email: 'a@example.com', groups: [], isAdmin: false });
    expect(bare.sent).toEqual([{ method: 'GET', url: 'http://api.test/v1/me', body: undefined }]);
  });
});
