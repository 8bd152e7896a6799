import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AUTOMATION_ACCOUNT_WITH_IDENTITIES,
  KEY_VAULT,
  STORAGE_ACCOUNT,
  UAI_REPORTING,
  UAI_RUNBOOKS,
  VM_WITH_IDENTITY,
} from '../../dev/armSandbox/seed.js';
import { handAuthorizationClient, kvSecretsUserId } from '../support/byHand.js';
import { eventTypes } from '../support/carryOut.js';
import { grantNow as grantStory, vaultGrant, vaultGrantsIn } from '../support/grantStories.js';
import { expectLedgerMatchesArm } from '../support/ledgerCheck.js';
import { type TestBroker, startTestBroker } from '../support/testBroker.js';

let broker: TestBroker;
beforeAll(async () => {
  broker = await startTestBroker();
});
afterAll(() => broker.close());
beforeEach(() => broker.reset());
afterEach(() => expectLedgerMatchesArm(broker));

const HOUR = 3600_000;
const vaultGrants = () => vaultGrantsIn(broker);
const grant = vaultGrant;
const grantNow = (operation: Record<string, unknown>, target = AUTOMATION_ACCOUNT_WITH_IDENTITIES) =>
  grantStory(broker, operation, target);

/** Lets time pass up to `at`, delivering every message due on the way. */
const runUntil = (at: number) =>
  broker.bus.drain({
    maxDeliveries: 50,
    advance: (to) => broker.clock.advanceTo(to.getTime() <= at ? to : new Date(at)),
  });

describe('grant ownership across requests', () => {
  it('keeps an assignment a permanent request holds when a time-bound one on the same grant ends', async () => {
    const start = broker.clock.now().getTime();
    const timeBound = await grantNow(grant({ duration: 'PT1H' }));
    expect(timeBound.done.state).toBe('succeeded');
    expect(vaultGrants()).toHaveLength(1);

    const permanent = await grantNow(grant());
    expect(permanent.done.state).toBe('succeeded');
    // The plan says the truth: the grant exists, held by the time-bound request, and this one keeps it.
    expect(permanent.submitted.plan.steps[0].reason).toContain(`request ${timeBound.done.id} until`);
    expect(permanent.submitted.plan.steps[0].reason).toContain('this request keeps it permanently');
    expect(permanent.submitted.plan.warnings.join(' ')).not.toContain('not time-bound and stays');
    expect(permanent.done.results[0].roleAssignmentId).toBe(timeBound.done.results[0].roleAssignmentId);

    await runUntil(start + 2 * HOUR);
    const ended = (await broker.get(timeBound.done.id)).json;
    expect(ended.state).toBe('revoked');
    expect(ended.results[0].note).toContain(`request ${permanent.done.id} permanently`);
    expect(vaultGrants().map((a) => a.name)).toEqual([
      permanent.done.results[0].roleAssignmentId.split('/').pop(),
    ]);
    expect((await broker.get(permanent.done.id)).json.state).toBe('succeeded');
    expect(broker.armCalls((e) => e.method === 'DELETE')).toEqual([]);
  });

  it('removes a grant two overlapping time-bound requests share only when the later one ends', async () => {
    const start = broker.clock.now().getTime();
    const first = await grantNow(grant({ duration: 'PT1H' }));
    const second = await grantNow(grant({ duration: 'PT3H' }));
    expect([first.done.state, second.done.state]).toEqual(['succeeded', 'succeeded']);

    await runUntil(start + 2 * HOUR);
    expect((await broker.get(first.done.id)).json.state).toBe('revoked');
    expect(vaultGrants()).toHaveLength(1);

    await runUntil(start + 4 * HOUR);
    const last = (await broker.get(second.done.id)).json;
    expect(last.state).toBe('revoked');
    expect(eventTypes(last).slice(-2)).toEqual(['grantRevoked', 'grantsRevoked']);
    expect(vaultGrants()).toEqual([]);
    expect(broker.armCalls((e) => e.method === 'DELETE').map((e) => e.status)).toEqual([200]);
  });

  it('records a grant its PUT created as made by the request, with its end, whatever the plan found', async () => {
    // The plan finds the grant in place (made by hand) and says "no change"...
    const client = await handAuthorizationClient(broker);
    const byHand = await client.roleAssignments.create(KEY_VAULT, '1b0c6a0e-5d2f-4a63-9c1e-7f3b2a4d5e6f', {
      roleDefinitionId: kvSecretsUserId,
      principalId: UAI_REPORTING.principalId,
      principalType: 'ServicePrincipal',
    });
    const start = broker.clock.now().getTime();
    const submitted = await broker.submit({
      target: AUTOMATION_ACCOUNT_WITH_IDENTITIES,
      operations: [grant({ duration: 'PT1H' })],
      justification: 'grant ownership',
    });
    expect(submitted.json.plan.steps[0].change).toBe('none');
    // ...and it is deleted before the request runs, so the executor's PUT creates it.
    await client.roleAssignments.deleteById(byHand.id as string);
    broker.sandboxes.arm.clearLog();
    await broker.approve(submitted.json.id);
    await broker.bus.drain({ maxDeliveries: 20 });
    const done = (await broker.get(submitted.json.id)).json;
    expect(broker.armCalls((e) => e.method === 'PUT').map((e) => e.status)).toEqual([201]);
    expect(done.results[0]).toMatchObject({
      status: 'succeeded',
      expiresAt: new Date(start + HOUR).toISOString(),
    });

    await runUntil(start + 2 * HOUR);
    expect((await broker.get(done.id)).json.state).toBe('revoked');
    expect(vaultGrants()).toEqual([]);
  });

  it('shares one grant between requests on two targets that use the same user-assigned identity', async () => {
    // UAI_RUNBOOKS is attached to both: their sessions differ, so only the ledger orders the two requests.
    const start = broker.clock.now().getTime();
    const readerOnStorage = (duration: string) => ({
      kind: 'assignRole',
      principal: UAI_RUNBOOKS.id,
      role: 'Reader',
      scope: STORAGE_ACCOUNT,
      duration,
    });
    const runbooksReaders = () =>
      broker.sandboxes.arm.state
        .roleAssignments()
        .filter((a) => a.principalId === UAI_RUNBOOKS.principalId && a.scope === STORAGE_ACCOUNT);
    const fromAccount = await grantNow(readerOnStorage('PT1H'));
    const fromVm = await grantNow(readerOnStorage('PT3H'), VM_WITH_IDENTITY);
    expect([fromAccount.done.state, fromVm.done.state]).toEqual(['succeeded', 'succeeded']);
    expect(fromVm.done.results[0].note).toContain(`request ${fromAccount.done.id} until`);
    expect(runbooksReaders()).toHaveLength(1);

    await runUntil(start + 2 * HOUR);
    expect((await broker.get(fromAccount.done.id)).json.results[0].note).toContain(
      `held by request ${fromVm.done.id} until`,
    );
    expect(runbooksReaders()).toHaveLength(1);
    await runUntil(start + 4 * HOUR);
    expect((await broker.get(fromVm.done.id)).json.state).toBe('revoked');
    expect(runbooksReaders()).toEqual([]);
  });
});
