import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RETRY } from '../../src/core/retrySettings.js';
import { type LocalHost, startLocalHost } from '../../dev/localHost.js';

// The README's first request, sent over real HTTP to what `npm start` runs.
const firstRequest = readFileSync(new URL('../../dev/examples/first-request.json', import.meta.url), 'utf8');
const requester = {
  'x-ms-client-principal-id': '3f9c1d7e-2b4a-4c61-9e8f-5a1b2c3d4e5f',
  'x-ms-client-principal-name': 'requester@contoso.com',
};
const approver = {
  'x-ms-client-principal-id': '8d2e4f6a-1c3b-4d5e-8f7a-9b0c1d2e3f4a',
  'x-ms-client-principal-name': 'approver@contoso.com',
};

let host: LocalHost;
beforeAll(async () => {
  host = await startLocalHost({
    port: 0,
    quiet: true,
    retry: { ...DEFAULT_RETRY, baseDelayMs: 50, pollIntervalMs: 50 },
  });
});
afterAll(() => host.stop());

async function waitForState(id: string, wanted: string): Promise<{ state: string; results: unknown[] }> {
  for (let i = 0; i < 200; i++) {
    const response = await fetch(`${host.url}/api/identity-requests/${id}`, { headers: requester });
    const request = (await response.json()) as { state: string; results: unknown[] };
    if (request.state === wanted) return request;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`request ${id} never reached ${wanted}`);
}

describe('the local host (npm start)', () => {
  it("takes the README's first request from awaitingApproval to succeeded after an approve call", async () => {
    const submitted = await fetch(`${host.url}/api/identity-requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...requester },
      body: firstRequest,
    });
    expect(submitted.status).toBe(202);
    expect(submitted.headers.get('location')).toMatch(/^\/api\/identity-requests\/[0-9a-f]{24}$/);
    const { id, state } = (await submitted.json()) as { id: string; state: string };
    expect(state).toBe('awaitingApproval');
    const approved = await fetch(`${host.url}/api/identity-requests/${id}/approve`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...approver },
      body: JSON.stringify({ comment: 'looks right' }),
    });
    expect(approved.status).toBe(200);
    const done = await waitForState(id, 'succeeded');
    expect(done.results).toHaveLength(3);
    const events = (await (
      await fetch(`${host.url}/api/dev/topics/identity-request-events/messages`)
    ).json()) as Array<{ subject: string; body: { requestId: string } }>;
    expect(events.filter((e) => e.body.requestId === id).map((e) => e.subject)).toEqual([
      'approvalRequested',
      'requestApproved',
      'applyStarted',
      'requestSucceeded',
    ]);
  });

  it('puts a message on the intake queue through the development endpoint and shows an invalid one on the rejected queue', async () => {
    const sent = await fetch(`${host.url}/api/dev/queues/identity-requests/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-message-id': 'local-1' },
      body: JSON.stringify({ target: 'nowhere' }),
    });
    expect(sent.status).toBe(202);
    for (let i = 0; i < 100; i++) {
      const kept = (await (
        await fetch(`${host.url}/api/dev/queues/identity-requests-rejected/messages`)
      ).json()) as unknown[];
      if (kept.length > 0) {
        expect(kept[0]).toMatchObject({
          messageId: 'local-1',
          body: { target: 'nowhere' },
          applicationProperties: { DeadLetterReason: 'InvalidRequest' },
        });
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('the invalid message never reached the rejected queue');
  });
});
