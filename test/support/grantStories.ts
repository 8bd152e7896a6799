import { expect } from 'vitest';
import {
  AUTOMATION_ACCOUNT_WITH_IDENTITIES,
  KEY_VAULT,
  SEED_ROLE_ASSIGNMENTS,
  UAI_REPORTING,
} from '../../dev/armSandbox/seed.js';
import type { TestBroker } from './testBroker.js';

/** The grant the ledger stories share: UAI_REPORTING (attached to the account) as Key Vault Secrets User. */
export const vaultGrant = (extra: Record<string, string> = {}) => ({
  kind: 'assignRole',
  principal: UAI_REPORTING.id,
  role: 'Key Vault Secrets User',
  scope: KEY_VAULT,
  ...extra,
});

const seeded = new Set(SEED_ROLE_ASSIGNMENTS.map((a) => a.name));

/** That grant's assignments as the sandbox holds them, the seeded ones aside. */
export const vaultGrantsIn = (broker: TestBroker) =>
  broker.sandboxes.arm.state
    .roleAssignments()
    .filter(
      (a) => a.principalId === UAI_REPORTING.principalId && a.scope === KEY_VAULT && !seeded.has(a.name),
    );

/** Submits one operation on the account and approves it; returns the submission as the API answered it. */
export async function submitApproved(
  broker: TestBroker,
  operation: Record<string, unknown>,
  target = AUTOMATION_ACCOUNT_WITH_IDENTITIES,
) {
  const submitted = await broker.submit({ target, operations: [operation], justification: 'grant story' });
  expect(submitted.status, JSON.stringify(submitted.json)).toBe(202);
  expect((await broker.approve(submitted.json.id)).status).toBe(200);
  return submitted.json;
}

/** Submits, approves and applies one operation without letting time pass. */
export async function grantNow(
  broker: TestBroker,
  operation: Record<string, unknown>,
  target = AUTOMATION_ACCOUNT_WITH_IDENTITIES,
) {
  const submitted = await submitApproved(broker, operation, target);
  await broker.bus.drain({ maxDeliveries: 20 });
  return { submitted, done: (await broker.get(submitted.id)).json };
}
