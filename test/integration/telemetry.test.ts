import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AUTOMATION_ACCOUNT_PLAIN } from '../../dev/armSandbox/seed.js';
import { INTAKE_QUEUE, OPERATIONS_QUEUE } from '../../src/adapters/serviceBus/queueNames.js';
import { APPROVER, REQUESTER } from '../support/callers.js';
import { type TestBroker, startTestBroker } from '../support/testBroker.js';

let broker: TestBroker;
beforeAll(async () => {
  broker = await startTestBroker();
});
afterAll(() => broker.close());
beforeEach(async () => {
  await broker.reset();
  broker.logs.length = 0;
});

const body = {
  target: AUTOMATION_ACCOUNT_PLAIN,
  operations: [{ kind: 'enableSystemAssignedIdentity' }],
  justification: 'runbook identity',
};
const fields = (id: string, correlationId: string) =>
  `requestId=${id} target=${AUTOMATION_ACCOUNT_PLAIN} correlationId=${correlationId}`;

describe('the correlation ID', () => {
  it('comes from x-correlation-id, is answered in the response, stored, and carried by every nudge', async () => {
    const submitted = await broker.submit(body, { headers: { 'x-correlation-id': 'change-4711' } });
    expect(submitted.status).toBe(202);
    expect(submitted.headers['x-correlation-id']).toBe('change-4711');
    const { id } = submitted.json;
    expect((await broker.get(id, APPROVER)).json.correlationId).toBe('change-4711');

    const approved = await broker.approve(id);
    expect(approved.status).toBe(200);
    const nudges = broker.bus.pending(OPERATIONS_QUEUE);
    expect(nudges.map((m) => [m.body, m.correlationId])).toEqual([[{ v: 1, requestId: id }, 'change-4711']]);
    await broker.run();
    expect((await broker.get(id, APPROVER)).json.state).toBe('succeeded');
    const executor = broker.logs.filter((l) => l.startsWith('executeOperations '));
    expect(executor.length).toBeGreaterThan(0);
    for (const line of executor) expect(line).toContain(fields(id, 'change-4711'));
  });

  it("else traceparent's trace ID; else a new one, answered all the same", async () => {
    const traced = await broker.submit(body, {
      headers: { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' },
    });
    expect(traced.headers['x-correlation-id']).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(traced.json.correlationId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    const bare = await broker.submit(body);
    expect(bare.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(bare.json.correlationId).toBe(bare.headers['x-correlation-id']);
    const refused = await broker.submit(
      { ...body, colour: 'blue' },
      { headers: { 'x-correlation-id': 'c-1' } },
    );
    expect(refused.status).toBe(400);
    expect(refused.headers['x-correlation-id']).toBe('c-1');
  });

  it('of a queue submission is its message ID, carried by the nudges', async () => {
    broker.bus.send(INTAKE_QUEUE, {
      body: { ...body, requestedBy: 'provisioning-service' },
      messageId: 'msg-77',
      contentType: 'application/json',
    });
    await broker.bus.drain({ maxDeliveries: 5 });
    const listed = await broker.call('GET', '/api/identity-requests', { as: APPROVER });
    const [request] = listed.json.items;
    expect(request.correlationId).toBe('msg-77');
    expect(
      broker.logs.some((l) => l.startsWith('intakeRequests ') && l.includes(fields(request.id, 'msg-77'))),
    ).toBe(true);
    await broker.approve(request.id);
    expect(broker.bus.pending(OPERATIONS_QUEUE).map((m) => m.correlationId)).toEqual(['msg-77']);
  });
});

describe('log lines about a request', () => {
  it('carry its ID, target and correlation ID, from submit, approve, cancel and reject', async () => {
    const a = (await broker.submit(body, { headers: { 'x-correlation-id': 'c-a' } })).json;
    await broker.approve(a.id);
    const b = (await broker.submit(body, { headers: { 'x-correlation-id': 'c-b' } })).json;
    await broker.call('POST', `/api/identity-requests/${b.id}/cancel`, { as: REQUESTER, body: {} });
    const c = (await broker.submit(body, { headers: { 'x-correlation-id': 'c-c' } })).json;
    await broker.call('POST', `/api/identity-requests/${c.id}/reject`, {
      as: APPROVER,
      body: { comment: 'no' },
    });
    const line = (fn: string, id: string, cid: string) =>
      broker.logs.some((l) => l.startsWith(`${fn} `) && l.includes(fields(id, cid)));
    expect(line('submitRequest', a.id, 'c-a')).toBe(true);
    expect(line('approveRequest', a.id, 'c-a')).toBe(true);
    expect(line('cancelRequest', b.id, 'c-b')).toBe(true);
    expect(line('rejectRequest', c.id, 'c-c')).toBe(true);
  });
});
