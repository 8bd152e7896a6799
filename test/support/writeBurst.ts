import { DefaultAzureCredential } from '@azure/identity';
import { expect } from 'vitest';
import {
  AUTOMATION_ACCOUNT_WITH_IDENTITIES,
  RG_IDENTITIES,
  UAI_REPORTING,
  UAI_RUNBOOKS,
  VM_WITH_IDENTITY,
} from '../../dev/armSandbox/seed.js';
import { msiClient, type TestSandboxes } from '../dev/support/testSandboxes.js';
import { APPROVER } from './callers.js';
import { type TestBroker, startTestBroker } from './testBroker.js';

/** ARM's write bucket, made small enough for a burst to matter: 20 writes, 2 more a second. */
export const BURST_BUCKET = { capacity: 20, refillPerSecond: 2 };

/** The broker and the sandbox on one manual clock, ARM's bucket shrunk, the broker told so (or pacing off). */
export function startBurstBroker(pacing: 'on' | 'off'): Promise<TestBroker> {
  return startTestBroker({
    bucketsOnTestClock: true,
    sandboxes: { arm: { writeBucket: BURST_BUCKET } },
    settings: {
      ARM_WRITE_PACING: pacing,
      ARM_WRITE_BUCKET: String(BURST_BUCKET.capacity),
      ARM_WRITE_REFILL_PER_SECOND: String(BURST_BUCKET.refillPerSecond),
    },
  });
}

// Three holders on two targets: the account's two user-assigned identities and the VM's own identity.
const HOLDERS = [
  { target: AUTOMATION_ACCOUNT_WITH_IDENTITIES, principal: UAI_RUNBOOKS.id },
  { target: AUTOMATION_ACCOUNT_WITH_IDENTITIES, principal: UAI_REPORTING.id },
  { target: VM_WITH_IDENTITY, principal: 'systemAssigned' },
] as const;

/**
 * `count` role grants in one subscription, each a role assignment of its own (Reader on one of `count / 3`
 * fresh identities, for each holder), submitted together, approved, and run through the local bus until
 * nothing is left. Returns the requests' final views.
 */
export async function runWriteBurst(broker: TestBroker, count: number) {
  const arm = broker.sandboxes.arm;
  // The scopes are made before the burst, outside the broker and its budget.
  arm.options.writeBucket = { capacity: 1e9, refillPerSecond: 1e9 };
  const msi = await msiClient({
    ...broker.sandboxes,
    credential: new DefaultAzureCredential(),
  } as TestSandboxes);
  const group = RG_IDENTITIES.split('/')[4] as string;
  const scopes: string[] = [];
  for (let i = 0; i < Math.ceil(count / HOLDERS.length); i++)
    scopes.push(
      (await msi.userAssignedIdentities.createOrUpdate(group, `scope-${i}`, { location: 'westeurope' }))
        .id as string,
    );
  arm.options.writeBucket = BURST_BUCKET;
  arm.clearLog();

  const answers = [];
  // Planning reads ARM too: the submissions come twenty at a time over a minute and a half, within ARM's
  // read budget (250, 25 a second back), as a burst from other services would.
  for (let first = 0; first < count; first += 20) {
    const chunk = Array.from({ length: Math.min(20, count - first) }, (_, j) => first + j);
    answers.push(
      ...(await Promise.all(
        chunk.map((i) => {
          const holder = HOLDERS[i % HOLDERS.length] as (typeof HOLDERS)[number];
          const scope = scopes[Math.floor(i / HOLDERS.length)] as string;
          return broker.submit({
            target: holder.target,
            operations: [{ kind: 'assignRole', principal: holder.principal, role: 'Reader', scope }],
            justification: `burst ${i}`,
          });
        }),
      )),
    );
    broker.clock.advanceBy(3_000);
  }
  const refused = answers.filter((a) => a.status !== 202);
  expect(refused.length, JSON.stringify(refused[0]?.json)).toBe(0);
  const approved = await Promise.all(answers.map((a) => broker.approve(a.json.id, APPROVER)));
  expect(approved.map((a) => a.status)).toEqual(answers.map(() => 200));
  const start = broker.clock.now().getTime();
  await broker.bus.drain({ maxDeliveries: 20 * count, advance: (to) => broker.clock.advanceTo(to) });
  const finals = await Promise.all(answers.map(async (a) => (await broker.get(a.json.id, APPROVER)).json));
  return { finals, start };
}
