import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  AUTOMATION_ACCOUNT_PLAIN,
  KEY_VAULT,
  STORAGE_ACCOUNT,
  UAI_RUNBOOKS,
  VM_PLAIN,
} from '../../dev/armSandbox/seed.js';
import { carryOut } from '../support/carryOut.js';
import { crashingStore } from '../support/crashingStore.js';
import { type TestBroker, startTestBroker } from '../support/testBroker.js';
import { expectLedgerMatchesArm } from '../support/ledgerCheck.js';

let broker: TestBroker;
let store: ReturnType<typeof crashingStore> | undefined;
let crashing = false;

beforeAll(async () => {
  broker = await startTestBroker({
    wrapStore: (real) => {
      const crashy = crashingStore(real, ['stepSucceeded', 'stepStarted']);
      store = crashy;
      // Crashes only while a test turns them on.
      return { ...real, commit: (...args) => (crashing ? crashy.commit(...args) : real.commit(...args)) };
    },
  });
});
afterAll(() => broker.close());
// Every assignment Azure holds for the broker is held by a live request, and no record claims more.
afterEach(() => expectLedgerMatchesArm(broker));

const operations = [
  { kind: 'enableSystemAssignedIdentity' },
  { kind: 'attachUserAssignedIdentity', identity: UAI_RUNBOOKS.id },
  { kind: 'assignRole', principal: 'systemAssigned', role: 'Key Vault Secrets User', scope: KEY_VAULT },
  {
    kind: 'assignRole',
    principal: UAI_RUNBOOKS.id,
    role: 'Storage Blob Data Reader',
    scope: STORAGE_ACCOUNT,
  },
];

/** Runs the same request from the seed and returns what ARM and the request ended up with. */
async function runOnce(target: string, faults: { duplicates?: boolean; crashes?: boolean }) {
  await broker.reset();
  broker.bus.faults.redeliverCompletedOnce = faults.duplicates ?? false;
  crashing = faults.crashes ?? false;
  try {
    const done = await carryOut(broker, target, operations);
    const arm = broker.sandboxes.arm.state;
    const grants = arm
      .roleAssignments()
      .filter((a) => a.scope === KEY_VAULT || a.scope === STORAGE_ACCOUNT)
      .map((a) => `${a.scope} ${a.principalId} ${a.roleDefinitionId.split('/').pop()} ${a.name}`)
      .sort();
    return {
      state: done.state,
      results: done.results,
      identity: arm.resource(target)?.identity,
      grants,
      writes: broker.armCalls((e) => e.method !== 'GET').length,
    };
  } finally {
    crashing = false;
    broker.bus.faults.redeliverCompletedOnce = false;
  }
}

describe.each([
  ['an Automation account', AUTOMATION_ACCOUNT_PLAIN],
  ['a VM (long-running update)', VM_PLAIN],
])('on %s', (_name, target) => {
  it('ends in the same ARM state and results when every nudge is delivered twice', async () => {
    const clean = await runOnce(target, {});
    expect(clean.state).toBe('succeeded');
    const doubled = await runOnce(target, { duplicates: true });
    expect(doubled).toMatchObject({
      state: clean.state,
      results: clean.results,
      identity: clean.identity,
      grants: clean.grants,
    });
  });

  it('ends in the same ARM state and results after a crash between each ARM write and its commit', async () => {
    const clean = await runOnce(target, {});
    const before = store?.crashes ?? 0;
    const crashed = await runOnce(target, { crashes: true });
    expect((store?.crashes ?? 0) - before, JSON.stringify(crashed)).toBeGreaterThanOrEqual(3);
    expect(crashed).toMatchObject({
      state: clean.state,
      results: clean.results,
      identity: clean.identity,
      grants: clean.grants,
    });
    // No duplicate role assignment: each (scope, principal, role) once.
    const triples = crashed.grants.map((g) => g.split(' ').slice(0, 3).join(' '));
    expect(new Set(triples).size).toBe(triples.length);
  });
});
