import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AUTOMATION_ACCOUNT_PLAIN } from '../../dev/armSandbox/seed.js';
import { APPROVER, REQUESTER } from '../support/callers.js';
import { type TestBroker, startTestBroker } from '../support/testBroker.js';

let broker: TestBroker;
beforeAll(async () => {
  broker = await startTestBroker({ submissionsPerCallerPerMinute: 2 });
});
afterAll(() => broker.close());
beforeEach(() => broker.reset());

const body = {
  target: AUTOMATION_ACCOUNT_PLAIN,
  operations: [{ kind: 'enableSystemAssignedIdentity' }],
  justification: 'runbook identity',
};

describe('the per-caller submission limit', () => {
  it('answers 429 with Retry-After over the limit, before any ARM read, and counts each caller apart', async () => {
    broker.clock.advanceTo('2026-11-23T09:00:10.000Z');
    expect((await broker.submit(body)).status).toBe(202);
    expect((await broker.submit(body)).status).toBe(202);
    const reads = broker.armCalls().length;
    const over = await broker.submit(body);
    expect(over.status).toBe(429);
    expect(over.headers['content-type']).toBe('application/problem+json');
    expect(over.headers['retry-after']).toBe('50');
    expect(over.json).toMatchObject({ status: 429, type: 'urn:identity-broker:problem:tooManySubmissions' });
    expect(broker.armCalls().length).toBe(reads);
    expect((await broker.submit(body, { as: APPROVER })).status).toBe(202);
    const mine = await broker.call('GET', `/api/identity-requests?requestedBy=${REQUESTER.id}`, {
      as: APPROVER,
    });
    expect(mine.json.items).toHaveLength(2);
  });

  it('allows the caller again in the next minute', async () => {
    broker.clock.advanceTo('2026-11-23T09:05:00.000Z');
    await broker.submit(body);
    await broker.submit(body);
    expect((await broker.submit(body)).status).toBe(429);
    broker.clock.advanceBy(60_000);
    expect((await broker.submit(body)).status).toBe(202);
  });

  it('does not count a replay of an Idempotency-Key, which reads nothing from ARM', async () => {
    broker.clock.advanceTo('2026-11-23T09:10:00.000Z');
    const headers = { 'idempotency-key': 'k-1' };
    const first = await broker.submit(body, { headers });
    expect((await broker.submit(body, { headers })).json.id).toBe(first.json.id);
    expect((await broker.submit(body, { headers })).json.id).toBe(first.json.id);
    expect((await broker.submit(body)).status).toBe(202);
  });

  it('counts a what-if against the same budget: it reads ARM as much as a submission', async () => {
    broker.clock.advanceTo('2026-11-23T09:15:00.000Z');
    const whatIf = () => broker.call('POST', '/api/identity-requests/plan', { body });
    expect((await whatIf()).status).toBe(200);
    expect((await broker.submit(body)).status).toBe(202);
    const over = await whatIf();
    expect(over.status).toBe(429);
    expect(over.headers['retry-after']).toBe('60');
    expect((await broker.submit(body)).status).toBe(429);
  });
});
