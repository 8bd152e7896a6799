import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceNowBody, serviceNowHeaders } from '../../dev/ticketWebhooks.js';
import { APPROVER } from '../support/callers.js';
import { type TestBroker, startTestBroker } from '../support/testBroker.js';

let broker: TestBroker;
beforeAll(async () => {
  broker = await startTestBroker({ submissionsPerCallerPerMinute: 1 });
  await broker.reset();
});
afterAll(() => broker.close());

async function send(body: Record<string, unknown>, deliveryId: string) {
  const text = JSON.stringify(body);
  const answer = await broker.host.http({
    method: 'POST',
    url: '/api/tickets/servicenow',
    headers: serviceNowHeaders(text, { now: broker.clock.now(), deliveryId }),
    body: text,
  });
  return { status: answer.status, headers: answer.headers, json: JSON.parse(answer.body) };
}

describe('the per-caller limit on ticket intake', () => {
  it("counts each requester's tickets, not the ticket system's, and never a redelivery", async () => {
    const first = serviceNowBody();
    expect((await send(first, 'd-1')).status).toBe(202);
    expect((await send(first, 'd-1')).status).toBe(200); // a redelivery reads the key and counts nothing
    const secondBody = serviceNowBody();
    const second = await send(secondBody, 'd-2');
    expect(second.status).toBe(429);
    expect(Number(second.headers['retry-after'])).toBeGreaterThan(0);
    // Someone else's ticket through the same ServiceNow: their own budget.
    expect((await send(serviceNowBody({ requestedFor: APPROVER.id }), 'd-3')).status).toBe(202);
    const items = (await broker.call('GET', '/api/identity-requests', { as: APPROVER })).json.items;
    expect(items).toHaveLength(2);
    // Jira retries a 429, and ServiceNow's REST step may: the refused ticket goes in once the minute is over.
    broker.clock.advanceBy(61_000);
    expect((await send(secondBody, 'd-2')).status).toBe(202);
  });
});
