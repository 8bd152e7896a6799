import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTOMATION_ACCOUNT_PLAIN } from '../../dev/armSandbox/seed.js';
import { type TestBroker, startTestBroker } from '../support/testBroker.js';

// Its own file, so its own process: @azure/identity caches tokens per process.
let broker: TestBroker;
beforeAll(async () => {
  broker = await startTestBroker();
  broker.sandboxes.identity.outage = {
    status: 400,
    error: 'invalid_request',
    description: 'The managed identity endpoint is refusing requests.',
  };
});
afterAll(() => broker.close());

describe('when the broker cannot get an ARM token', () => {
  it('reports the ARM token unavailable in health, with 503', async () => {
    const health = await broker.call('GET', '/api/health', { as: null });
    expect(health.status).toBe(503);
    expect(health.json).toMatchObject({ status: 'degraded', storage: 'reachable', armToken: 'unavailable' });
  });

  it('answers a submission 503 with a reason that names the credential problem', async () => {
    const response = await broker.submit({
      target: AUTOMATION_ACCOUNT_PLAIN,
      operations: [{ kind: 'enableSystemAssignedIdentity' }],
      justification: 'no token today',
    });
    expect(response.status).toBe(503);
    expect(response.headers['content-type']).toBe('application/problem+json');
    expect(response.headers['retry-after']).toMatch(/^\d+$/);
    expect(response.json.detail).toMatch(/credential/i);
    expect(response.json.detail).toMatch(/managed identity/i);
    expect(JSON.stringify(response.json)).not.toContain(broker.sandboxes.identity.identityHeader);
  });

  it('reports the ARM token available again once the endpoint answers', async () => {
    broker.sandboxes.identity.outage = undefined;
    const health = await broker.call('GET', '/api/health', { as: null });
    expect(health).toMatchObject({
      status: 200,
      json: { status: 'ok', storage: 'reachable', armToken: 'available' },
    });
  });
});
