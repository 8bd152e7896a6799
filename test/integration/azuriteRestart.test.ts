import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTOMATION_ACCOUNT_WITH_IDENTITIES, KEY_VAULT, UAI_REPORTING } from '../../dev/armSandbox/seed.js';
import { expectLedgerMatchesArm } from '../support/ledgerCheck.js';
import { type TestBroker, startTestBroker } from '../support/testBroker.js';

let broker: TestBroker;
let dataDir: string;
beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'azurite-restart-'));
  // Azurite keeps its data in a file here, so a restart loses nothing, as Table storage would not.
  broker = await startTestBroker({ azuritePersistTo: join(dataDir, 'tables.json'), storageRetries: 0 });
});
afterAll(async () => {
  await broker.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const grant = {
  kind: 'assignRole',
  principal: UAI_REPORTING.id,
  role: 'Key Vault Secrets User',
  scope: KEY_VAULT,
};

describe('Table storage restarted mid-run', () => {
  it('keeps every request, and the broker finishes what was in flight without manual help', async () => {
    const submitted = await broker.submit({
      target: AUTOMATION_ACCOUNT_WITH_IDENTITIES,
      operations: [grant],
      justification: 'restart',
    });
    expect(submitted.status).toBe(202);
    await broker.azurite.stop();
    const refused = await broker.approve(submitted.json.id);
    // Storage is away: a 503 the caller may retry, never a 500, and nothing recorded.
    expect([refused.status, refused.json.type, refused.headers['retry-after']]).toEqual([
      503,
      'urn:identity-broker:problem:storageUnavailable',
      '5',
    ]);
    await broker.azurite.start();

    // Back up: the request is as it was; the approval that failed left nothing behind.
    const survived = await broker.get(submitted.json.id);
    expect(survived.json).toMatchObject({ id: submitted.json.id, state: 'awaitingApproval' });
    expect((await broker.approve(submitted.json.id)).status).toBe(200);

    // Storage goes away again while the executor works: its deliveries fail until the bus gives up on them.
    await broker.azurite.stop();
    await broker.bus.drain({ maxDeliveries: 20 });
    await broker.azurite.start();
    expect((await broker.get(submitted.json.id)).json.state).toBe('approved');

    // The sweeper finds the overdue request and nudges it; the executor finishes it.
    broker.clock.advanceTo(new Date(broker.clock.now().getTime() + 10 * 60_000));
    await broker.host.runTimer('sweepRequests');
    await broker.bus.drain({ maxDeliveries: 20 });
    expect((await broker.get(submitted.json.id)).json.state).toBe('succeeded');
    await expectLedgerMatchesArm(broker);
  }, 90_000); // outages cost wall time even with no retries: room for a loaded machine
});
