import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectLedgerMatchesArm } from '../support/ledgerCheck.js';
import { finalStates, isSettled, type Model, unexplainedWrites } from '../support/requestModel.js';
import {
  commands,
  type CrashSwitch,
  crashableStore,
  expectAgreement,
  type Real,
} from '../support/requestModelCommands.js';
import { type TestBroker, startTestBroker } from '../support/testBroker.js';

// Bounded: each run is a fresh seed state and up to MAX_COMMANDS calls through the real handlers.
const RUNS = Number(process.env.MODEL_RUNS ?? 15);
const MAX_COMMANDS = 30;
const SEED = process.env.MODEL_SEED === undefined ? undefined : Number(process.env.MODEL_SEED);

let broker: TestBroker;
const crash: CrashSwitch = { next: undefined, fired: 0 };

beforeAll(async () => {
  broker = await startTestBroker({ wrapStore: (store) => crashableStore(store, crash) });
});
afterAll(() => broker.close());

/**
 * Lets everything still queued happen, moving the clock to each scheduled look, and lets a day pass with the
 * sweeper looking (it alone expires undecided requests, and makes good any nudge a crash lost).
 */
async function settle(model: Model): Promise<void> {
  for (let round = 0; round < 3; round++) {
    await broker.bus.drain({ maxDeliveries: 2_000, advance: (to) => broker.clock.advanceTo(to) });
    broker.clock.advanceBy(round === 0 ? 25 * 3600_000 : 10 * 60_000);
    await broker.host.runTimer('sweepRequests');
  }
  await broker.bus.drain({ maxDeliveries: 2_000, advance: (to) => broker.clock.advanceTo(to) });
  model.now = broker.clock.now().getTime();
}

async function expectSettledAsModelled(model: Model): Promise<void> {
  await settle(model);
  await expectAgreement(model, { broker, crash });
  const all = [];
  for (const r of model.requests) {
    const { request } = (await broker.services.store.get(r.id))!;
    const history = await broker.services.store.history(r.id);
    all.push({ request, history });
    // Nothing is lost: every accepted request ended, where the model says it ends.
    expect(isSettled(request.state), `${r.template.name} ${r.id} is ${request.state}`).toBe(true);
    expect(finalStates(r), `${r.template.name} ${r.id}: ${JSON.stringify(request.error)}`).toContain(
      request.state,
    );
  }
  expect(unexplainedWrites(broker.armCalls(), all), 'ARM writes no applied request explains').toEqual([]);
  // Every assignment in the sandbox is held by a live request, and no record claims more.
  await expectLedgerMatchesArm(broker);
}

describe('the request state machine against a model (real store on Azurite, real handlers, ARM sandbox)', () => {
  it('agrees with the model after every command, and every run settles with the ledger matching ARM', async () => {
    const started = Date.now();
    let steps = 0;
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: MAX_COMMANDS, size: 'max' }), async (cmds) => {
        await broker.reset();
        crash.next = undefined;
        const model: Model = { requests: [], now: broker.clock.now().getTime(), executed: 0 };
        const real: Real = { broker, crash };
        await fc.asyncModelRun(() => ({ model, real }), cmds);
        steps += model.executed;
        await expectSettledAsModelled(model);
      }),
      { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }), verbose: 1 },
    );
    console.info(
      `model: ${RUNS} runs, ${steps} commands, ${crash.fired} injected crashes, ${Date.now() - started} ms`,
    );
  }, 240_000);
});
