import { InvocationContext } from '@azure/functions';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { VM_PLAIN } from '../../dev/armSandbox/seed.js';
import { OPERATIONS_QUEUE } from '../../src/adapters/serviceBus/queueNames.js';
import { executeOperationsHandler } from '../../src/functions/executeOperations.js';
import { type TestBroker, startTestBroker } from '../support/testBroker.js';
import { expectLedgerMatchesArm } from '../support/ledgerCheck.js';

let broker: TestBroker;
// Storage refuses the commits that record an unexpected failure while a test says so.
let failureRecordsFail = false;
beforeAll(async () => {
  broker = await startTestBroker({
    sandboxes: { arm: { vmLroPolls: 1, retryAfterSeconds: 0 } },
    wrapStore: (real) => ({
      ...real,
      commit: (previous, next, events) =>
        failureRecordsFail && events.some((e) => JSON.stringify(e.data ?? {}).includes('internalError'))
          ? Promise.reject(new Error('storage is down (injected)'))
          : real.commit(previous, next, events),
    }),
  });
});
afterAll(() => broker.close());
// Every assignment Azure holds for the broker is held by a live request, and no record claims more.
afterEach(() => expectLedgerMatchesArm(broker));
beforeEach(() => {
  broker.reset();
  failureRecordsFail = false;
  broker.logs.length = 0;
});

const enableSystem = [{ kind: 'enableSystemAssignedIdentity' }];
const deadLetters = () => broker.bus.deadLetters(OPERATIONS_QUEUE);

/** Submits and approves a VM update, runs the bus dry and returns the request and how many deliveries it took. */
const recordedError = async (id: string) => (await broker.services.store.get(id))?.request.error;

async function carryOutOnVm() {
  const submitted = await broker.submit({
    target: VM_PLAIN,
    operations: enableSystem,
    justification: 'boundary',
  });
  expect(submitted.status, JSON.stringify(submitted.json)).toBe(202);
  expect((await broker.approve(submitted.json.id)).status).toBe(200);
  const deliveries = await broker.run();
  return { request: (await broker.get(submitted.json.id)).json, deliveries };
}

describe('the executor: a VM update whose operation ends unsuccessfully', () => {
  it('fails the request with ARM’s code and message when the operation ends Failed, with no retry loop', async () => {
    const error = { code: 'InternalOperationError', message: 'An internal execution error occurred.' };
    broker.sandboxes.arm.faults.endNextVmOperation(VM_PLAIN, { status: 'Failed', error });
    const { request, deliveries } = await carryOutOnVm();
    expect(request.state).toBe('failed');
    // The record keeps ARM's text; callers see its code with the broker's own words.
    expect(await recordedError(request.id)).toMatchObject(error);
    expect(request.error.code).toBe(error.code);
    expect(broker.armCalls((e) => e.method === 'PATCH')).toHaveLength(1);
    expect(deliveries).toBeLessThanOrEqual(4);
    expect(deadLetters()).toHaveLength(0);
  });

  it('fails it with OperationCanceled when the operation ends Canceled without an error', async () => {
    broker.sandboxes.arm.faults.endNextVmOperation(VM_PLAIN, { status: 'Canceled' });
    const { request } = await carryOutOnVm();
    expect(request.state).toBe('failed');
    expect(request.error).toMatchObject({ code: 'OperationCanceled' });
    expect(broker.armCalls((e) => e.method === 'PATCH')).toHaveLength(1);
    expect(deadLetters()).toHaveLength(0);
  });

  it('fails it with ARM’s code when a Canceled operation says why', async () => {
    const error = { code: 'OperationPreempted', message: 'The operation was preempted by a later one.' };
    broker.sandboxes.arm.faults.endNextVmOperation(VM_PLAIN, { status: 'Canceled', error });
    const { request } = await carryOutOnVm();
    // The record keeps ARM's text; callers see its code with the broker's own words.
    expect(await recordedError(request.id)).toMatchObject(error);
    expect(request.error.code).toBe(error.code);
  });
});

describe('the executor: a failure that is not an ARM error', () => {
  // core-lro throws a plain Error on every look at an operation whose status is not a string.
  const breakPolls = () =>
    broker.sandboxes.arm.faults.inject({
      method: 'GET',
      path: '/operations/',
      times: 100,
      status: 200,
      body: { status: 7 },
    });

  it('is recorded with attempts and ends the request failed with internalError after the bound', async () => {
    breakPolls();
    const { request, deliveries } = await carryOutOnVm();
    expect(request.state).toBe('failed');
    expect(request.error).toEqual({
      code: 'internalError',
      message: expect.stringMatching(
        /^the broker failed unexpectedly 5 times: Error: Polling was unsuccessful\. Expected status to have a string value/,
      ),
    });
    expect(JSON.stringify(request)).not.toMatch(/\n\s+at /);
    const retries = request.history.filter(
      (e: { type: string; data?: { code?: string } }) =>
        e.type === 'stepRetryScheduled' && e.data?.code === 'internalError',
    );
    expect(retries.map((e: { data: { unexpectedAttempts: number } }) => e.data.unexpectedAttempts)).toEqual([
      1, 2, 3, 4,
    ]);
    // Each attempt is one delivery: the first turn, then the first look and five failed ones at most.
    expect(deliveries).toBeLessThanOrEqual(8);
    expect(deadLetters()).toHaveLength(0);
    expect(broker.logs.some((l) => l.includes('unexpected failure recorded') && /\n\s+at /.test(l))).toBe(
      true,
    );
  });

  it('is thrown when storage cannot record it, so Service Bus delivers the nudge again', async () => {
    breakPolls();
    failureRecordsFail = true;
    const { request } = await carryOutOnVm();
    expect(request.state).toBe('applying');
    expect(deadLetters()).toHaveLength(1);
    expect(deadLetters()[0]?.deadLetterErrorDescription).toContain('storage is down (injected)');
  });
});

describe('the executor: a message that is not a nudge', () => {
  it.each([
    ['not JSON', 'not json {'],
    ['not a nudge', { hello: 'world' }],
  ])('logs and completes a body that is %s instead of failing every delivery', async (_what, body) => {
    const logged: string[] = [];
    const context = new InvocationContext({
      functionName: 'executeOperations',
      logHandler: (_level, ...args) => logged.push(args.map(String).join(' ')),
    });
    await expect(executeOperationsHandler(body, context)).resolves.toBeUndefined();
    expect(logged.join('\n')).toContain('not a version 1 nudge');
  });
});
