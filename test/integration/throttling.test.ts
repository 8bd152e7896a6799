import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AUTOMATION_ACCOUNT_PLAIN, RG_AUTOMATION, UAI_RUNBOOKS } from '../../dev/armSandbox/seed.js';
import { carryOut } from '../support/carryOut.js';
import { type TestBroker, startTestBroker } from '../support/testBroker.js';
import { expectLedgerMatchesArm } from '../support/ledgerCheck.js';

let broker: TestBroker;
beforeAll(async () => {
  // Each 429 is met as it comes here; pacing writes to ARM's budget has its own tests (armBudget.test.ts).
  broker = await startTestBroker({ settings: { ARM_WRITE_PACING: 'off' } });
});
afterAll(() => broker.close());
// Every assignment Azure holds for the broker is held by a live request, and no record claims more.
afterEach(() => expectLedgerMatchesArm(broker));
beforeEach(() => broker.reset());

interface HistoryEvent {
  type: string;
  at: string;
  data?: { notBefore?: string; code?: string; attempt?: number };
}

describe('throttling and transient failures', () => {
  it('waits exactly the Retry-After of a 429 before the next attempt, without holding a message', async () => {
    broker.sandboxes.arm.faults.inject({
      method: 'PATCH',
      status: 429,
      code: 'TooManyRequests',
      headers: { 'retry-after': '120' },
      times: 2,
    });
    const done = await carryOut(broker, AUTOMATION_ACCOUNT_PLAIN, [{ kind: 'enableSystemAssignedIdentity' }]);
    expect(done.state).toBe('succeeded');
    const retries = (done.history as HistoryEvent[]).filter((e) => e.type === 'stepRetryScheduled');
    expect(retries.map((e) => [e.data?.code, e.data?.attempt])).toEqual([
      ['TooManyRequests', 1],
      ['TooManyRequests', 2],
    ]);
    for (const retry of retries)
      expect(Date.parse(retry.data?.notBefore ?? '') - Date.parse(retry.at)).toBe(120_000);
    const success = (done.history as HistoryEvent[]).find((e) => e.type === 'stepSucceeded');
    expect(Date.parse(success?.at ?? '') - Date.parse(retries[0]?.at ?? '')).toBe(240_000);
    expect(broker.armCalls((e) => e.method === 'PATCH').map((e) => e.status)).toEqual([429, 429, 200]);
  });

  it("honours the sandbox's own write throttle (token bucket per subscription and principal)", async () => {
    broker.sandboxes.arm.options.writeBucket = { capacity: 1, refillPerSecond: 0.001 };
    const submitted = await broker.submit({
      target: AUTOMATION_ACCOUNT_PLAIN,
      operations: [
        { kind: 'enableSystemAssignedIdentity' },
        { kind: 'attachUserAssignedIdentity', identity: UAI_RUNBOOKS.id },
        { kind: 'assignRole', principal: 'systemAssigned', role: 'Reader', scope: RG_AUTOMATION },
      ],
      justification: 'integration test',
    });
    await broker.approve(submitted.json.id);
    await broker.bus.drain({ maxDeliveries: 20, advance: () => {} }); // no time passes: the grant is throttled
    const waiting = (await broker.get(submitted.json.id)).json;
    expect(waiting.state).toBe('applying');
    expect(waiting.progress).toMatchObject({
      nextStep: 1,
      attempt: 1,
      lastError: { code: 'TooManyRequests' },
    });
    const throttled = broker.armCalls((e) => e.status === 429);
    expect(throttled.map((e) => e.method)).toEqual(['PUT']);
    const retryAfter = Number(throttled[0]?.responseHeaders['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(Date.parse(waiting.progress.notBefore) - Date.parse(waiting.updatedAt)).toBe(retryAfter * 1000);
    broker.sandboxes.arm.options.writeBucket = { capacity: 200, refillPerSecond: 10 };
    await new Promise((resolve) => setTimeout(resolve, 200)); // the sandbox's bucket refills in real time
    await broker.run();
    expect((await broker.get(submitted.json.id)).json.state).toBe('succeeded');
  });

  it('retries a 5xx with backoff and gives up after the attempts allowed, saying so', async () => {
    broker.sandboxes.arm.faults.inject({
      method: 'PATCH',
      status: 503,
      code: 'ServiceUnavailable',
      message: 'try later',
      times: 20,
    });
    const done = await carryOut(broker, AUTOMATION_ACCOUNT_PLAIN, [{ kind: 'enableSystemAssignedIdentity' }]);
    expect(done.state).toBe('failed');
    expect(done.error.code).toBe('ServiceUnavailable');
    expect(done.error.message).toContain('gave up after 8 attempts');
    const delays = (done.history as HistoryEvent[])
      .filter((e) => e.type === 'stepRetryScheduled')
      .map((e) => (Date.parse(e.data?.notBefore ?? '') - Date.parse(e.at)) / 1000);
    expect(delays).toEqual([5, 10, 20, 40, 80, 160, 300]);
  });

  it('retries AnotherOperationInProgress, which the SDK itself does not', async () => {
    broker.sandboxes.arm.faults.inject({
      method: 'PATCH',
      status: 409,
      code: 'AnotherOperationInProgress',
      times: 1,
    });
    const done = await carryOut(broker, AUTOMATION_ACCOUNT_PLAIN, [{ kind: 'enableSystemAssignedIdentity' }]);
    expect(done.state).toBe('succeeded');
    expect(broker.armCalls((e) => e.method === 'PATCH').map((e) => e.status)).toEqual([409, 200]);
  });
});
