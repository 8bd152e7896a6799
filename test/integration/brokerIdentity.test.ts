import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTOMATION_ACCOUNT_PLAIN, BROKER } from '../../dev/armSandbox/seed.js';
import { carryOut } from '../support/carryOut.js';
import { type TestBroker, startTestBroker } from '../support/testBroker.js';

let broker: TestBroker;
beforeAll(async () => {
  broker = await startTestBroker();
});
afterAll(() => broker.close());

describe("the broker's own managed identity", () => {
  it('gets every ARM token from IDENTITY_ENDPOINT with the IDENTITY_HEADER, for the ARM endpoint as audience', async () => {
    const done = await carryOut(broker, AUTOMATION_ACCOUNT_PLAIN, [{ kind: 'enableSystemAssignedIdentity' }]);
    expect(done.state).toBe('succeeded');
    const tokenRequests = broker.sandboxes.identity.requests;
    expect(tokenRequests.length).toBeGreaterThan(0);
    expect(tokenRequests.every((r) => r.headerOk && r.status === 200)).toBe(true);
    expect(new Set(tokenRequests.map((r) => r.resource))).toEqual(new Set([broker.sandboxes.arm.url]));
    expect(process.env.IDENTITY_ENDPOINT).toBe(broker.sandboxes.identity.endpoint);
  });

  it('calls ARM as the broker principal on every request, reads and writes alike', () => {
    const calls = broker.armCalls();
    expect(calls.length).toBeGreaterThan(0);
    expect(new Set(calls.map((c) => c.callerOid))).toEqual(new Set([BROKER.objectId]));
  });
});
