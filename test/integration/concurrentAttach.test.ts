import { DefaultAzureCredential } from '@azure/identity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTOMATION_ACCOUNT_PLAIN, RG_IDENTITIES } from '../../dev/armSandbox/seed.js';
import { msiClient, type TestSandboxes } from '../dev/support/testSandboxes.js';
import { APPROVER } from '../support/callers.js';
import { type TestBroker, startTestBroker } from '../support/testBroker.js';

let broker: TestBroker;
beforeAll(async () => {
  broker = await startTestBroker();
});
afterAll(() => broker.close());

const COUNT = 200;
const group = RG_IDENTITIES.split('/')[4] as string;

describe('one target, many requests at once', () => {
  it(`attaches ${COUNT} user-assigned identities from ${COUNT} requests submitted at once, losing none`, async () => {
    // About one writer per target, not throttling: the sandbox's bucket refills in real time while the
    // broker's clock is manual, so a storm here would be ridden out in virtual minutes but not real ones.
    broker.sandboxes.arm.options.writeBucket = { capacity: 10_000, refillPerSecond: 1_000 };
    // Reads too (250 at 25/s, as ARM): 200 submissions plan with 2 reads each, in well under a second.
    broker.sandboxes.arm.options.readBucket = { capacity: 10_000, refillPerSecond: 1_000 };
    const msi = await msiClient({
      ...broker.sandboxes,
      credential: new DefaultAzureCredential(),
    } as TestSandboxes);
    const identities: string[] = [];
    for (let i = 0; i < COUNT; i++)
      identities.push(
        (await msi.userAssignedIdentities.createOrUpdate(group, `id-load-${i}`, { location: 'westeurope' }))
          .id as string,
      );

    // Each plan is made against the account as it is now (no identity); each PATCH is recomputed from
    // the live state at execution, one at a time per target (the session), so none overwrites another.
    const submitted = await Promise.all(
      identities.map((identity, i) =>
        broker.submit(
          {
            target: AUTOMATION_ACCOUNT_PLAIN,
            // One of them also enables the system identity: every later PATCH must keep it, since ARM's
            // `type` replaces (a PATCH planned before it, of type UserAssigned, would switch it off).
            operations: [
              ...(i === 0 ? [{ kind: 'enableSystemAssignedIdentity' }] : []),
              { kind: 'attachUserAssignedIdentity', identity },
            ],
            justification: `load ${i}`,
          },
          // One caller each: this is about one target, not one caller's submission limit.
          { as: { id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, roles: [], groups: [] } },
        ),
      ),
    );
    expect(submitted.map((s) => s.status)).toEqual(identities.map(() => 202));
    // The request that enables the system identity runs first; the other 199 were all planned before it.
    const [first, ...rest] = submitted;
    expect((await broker.approve(first?.json.id, APPROVER)).status).toBe(200);
    await broker.bus.drain({ maxDeliveries: 50 });
    const approved = await Promise.all(rest.map((s) => broker.approve(s.json.id, APPROVER)));
    expect(approved.map((a) => a.status)).toEqual(rest.map(() => 200));
    await broker.bus.drain({ maxDeliveries: 5_000, advance: (to) => broker.clock.advanceTo(to) });

    const finals = await Promise.all(submitted.map((s) => broker.get(s.json.id, APPROVER)));
    const failed = finals.filter((f) => f.json.state !== 'succeeded');
    expect(
      failed.map((f) => f.json.error),
      JSON.stringify(failed[0]?.json.history.slice(-6)),
    ).toEqual([]);
    const account = broker.sandboxes.arm.state.resource(AUTOMATION_ACCOUNT_PLAIN)?.identity;
    expect(account?.type).toBe('SystemAssigned, UserAssigned');
    expect(account?.principalId).toBe(finals[0]?.json.results[0].principalId);
    const held = account?.userAssignedIdentities ?? {};
    expect(new Set(Object.keys(held).map((id) => id.toLowerCase()))).toEqual(
      new Set(identities.map((id) => id.toLowerCase())),
    );
  }, 120_000);
});
