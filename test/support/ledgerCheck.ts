import { expect } from 'vitest';
import { requestHoldsGrant } from '../../src/core/grantParties.js';
import type { IdentityRequest } from '../../src/core/identityRequest.js';
import { roleAssignmentName } from '../../src/core/roleAssignmentName.js';
import type { TestBroker } from './testBroker.js';

// Role assignment names are unique across the tenant: the last segment identifies an assignment.
const key = (id: string) => (id.split('/').pop() ?? id).toLowerCase();

async function allRequests(broker: TestBroker): Promise<IdentityRequest[]> {
  const all: IdentityRequest[] = [];
  let continuationToken: string | undefined;
  do {
    const page = await broker.services.store.list({
      limit: 100,
      ...(continuationToken ? { continuationToken } : {}),
    });
    all.push(...page.items);
    continuationToken = page.continuationToken;
  } while (continuationToken);
  return all;
}

/**
 * The promise, checked against the sandbox: every assignment the broker's PUT made is held by a live
 * request in the ledger, and every grant the ledger or a request's results say is held exists in Azure.
 */
export async function expectLedgerMatchesArm(broker: TestBroker): Promise<void> {
  const requests = new Map((await allRequests(broker)).map((r) => [r.id, r]));
  const inArm = new Map(broker.sandboxes.arm.state.roleAssignments().map((a) => [key(a.name), a]));
  const brokerMade = [...inArm.values()].filter(
    (a) => a.name.toLowerCase() === roleAssignmentName(a.scope, a.principalId, a.roleDefinitionId),
  );

  const heldByLive = new Map<string, string[]>();
  for await (const entry of broker.services.ledger.list()) {
    if (entry.status !== 'active') continue;
    const live = entry.holders.filter((h) => {
      const request = requests.get(h.requestId);
      return request !== undefined && requestHoldsGrant(request, h.operation);
    });
    if (live.length > 0)
      heldByLive.set(
        key(entry.assignmentId),
        live.map((h) => h.requestId),
      );
  }

  const unaccounted = brokerMade
    .filter((a) => !heldByLive.has(key(a.name)))
    .map((a) => `${a.scope} ${a.name}`);
  expect(unaccounted, 'assignments the broker made that no live request holds').toEqual([]);
  const missing = [...heldByLive.keys()].filter((id) => !inArm.has(id));
  expect(missing, 'grants the ledger says are held that Azure does not hold').toEqual([]);

  const claimed = [...requests.values()].flatMap((r) =>
    r.results.flatMap((result, operation) =>
      result?.roleAssignmentId &&
      requestHoldsGrant(r, operation) &&
      r.operations[operation]?.kind === 'assignRole'
        ? [{ request: r.id, id: key(result.roleAssignmentId) }]
        : [],
    ),
  );
  expect(
    claimed.filter((c) => !inArm.has(c.id)),
    'requests whose results claim an assignment Azure does not hold',
  ).toEqual([]);
  expect(
    claimed.filter((c) => !(heldByLive.get(c.id) ?? []).includes(c.request)),
    'requests whose results claim a grant the ledger does not record them holding',
  ).toEqual([]);
}
