import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AUTOMATION_ACCOUNT_PLAIN,
  AUTOMATION_ACCOUNT_SYSTEM_PRINCIPAL_ID,
  AUTOMATION_ACCOUNT_WITH_IDENTITIES,
  KEY_VAULT,
  RG_AUTOMATION,
  STORAGE_ACCOUNT,
  UAI_REPORTING,
} from '../../dev/armSandbox/seed.js';
import { LOCAL_POLICY } from '../../dev/localPolicy.js';
import { createDocumentPolicy } from '../../src/core/policy/documentPolicy.js';
import { type PolicyDocument, policyDocumentSchema } from '../../src/core/policy/policyDocument.js';
import type { Policy } from '../../src/core/ports.js';
import { eventTypes } from '../support/carryOut.js';
import { type TestBroker, startTestBroker, writes } from '../support/testBroker.js';

/** One approver anywhere; identity operations in rg-automation and a PIM-like activation need none. */
const POLICY: PolicyDocument = {
  ...LOCAL_POLICY,
  version: 2,
  scopes: [{ scope: '/' }],
  autoApprove: [{ kind: 'identityOperations', targets: RG_AUTOMATION }],
  eligibility: [
    {
      targets: RG_AUTOMATION,
      targetType: 'Microsoft.Automation/automationAccounts',
      role: 'Key Vault Secrets User',
      scope: KEY_VAULT,
      maxDuration: 'PT8H',
    },
  ],
};
const policyOf = (changes: Partial<PolicyDocument>): Policy =>
  createDocumentPolicy(policyDocumentSchema.parse({ ...POLICY, ...changes }));

let broker: TestBroker;
let original: Policy;
beforeAll(async () => {
  broker = await startTestBroker({ policy: POLICY });
  original = broker.services.policy;
});
afterAll(() => broker.close());
beforeEach(async () => {
  broker.services.policy = original; // the object the functions read: a test may swap what it holds
  await broker.reset();
});

const readerOnStorage = {
  target: AUTOMATION_ACCOUNT_WITH_IDENTITIES,
  operations: [{ kind: 'assignRole', principal: UAI_REPORTING.id, role: 'Reader', scope: STORAGE_ACCOUNT }],
  justification: 'reporting reads the account',
};
const activation = () =>
  broker.sandboxes.arm.state
    .roleAssignments()
    .filter((a) => a.principalId === AUTOMATION_ACCOUNT_SYSTEM_PRINCIPAL_ID && a.scope === KEY_VAULT);

describe('policy through the handlers', () => {
  it('executes an auto-approved request without a decision', async () => {
    const submitted = await broker.submit({
      target: AUTOMATION_ACCOUNT_PLAIN,
      operations: [{ kind: 'enableSystemAssignedIdentity' }],
      justification: 'runbook identity',
    });
    expect([submitted.status, submitted.json.state, submitted.json.approvals]).toEqual([
      202,
      'approved',
      null,
    ]);
    await broker.run();
    const done = (await broker.get(submitted.json.id)).json;
    expect([done.state, done.decisions]).toEqual(['succeeded', []]);
    expect(eventTypes(done)).toContain('requestAutoApproved');
    expect(broker.armCalls(writes).map((e) => e.method)).toEqual(['PATCH']);
  });

  it('executes an eligible activation at once and removes it at its end', async () => {
    const submitted = await broker.submit({
      target: AUTOMATION_ACCOUNT_WITH_IDENTITIES,
      operations: [
        {
          kind: 'assignRole',
          principal: 'systemAssigned',
          role: 'Key Vault Secrets User',
          scope: KEY_VAULT,
          duration: 'PT8H',
        },
      ],
      justification: 'incident 4711',
    });
    expect([submitted.status, submitted.json.state]).toEqual([202, 'approved']);
    expect(submitted.json.policy.reasons[0]).toMatch(/^eligibility\[0\]: /);
    const grantedAt = broker.clock.now().getTime();
    await broker.bus.drain({ maxDeliveries: 10 }); // apply, without moving the clock
    expect((await broker.get(submitted.json.id)).json.state).toBe('succeeded');
    expect(activation()).toHaveLength(1);

    await broker.run(); // the clock moves to the grant's end
    const ended = (await broker.get(submitted.json.id)).json;
    expect([ended.state, ended.decisions]).toEqual(['revoked', []]);
    expect(ended.results[0].revokedAt).toBe(new Date(grantedAt + 8 * 3600_000).toISOString());
    expect(activation()).toEqual([]);
  });

  it.each([
    {
      change: 'forbids the role',
      policy: () => policyOf({ forbiddenRoles: [...POLICY.forbiddenRoles, 'Reader'] }),
      code: 'policyDenied',
    },
    {
      change: 'needs two approvers',
      policy: () => policyOf({ scopes: [{ scope: '/', quorum: 2 }] }),
      code: 'approvalsMissing',
    },
  ])(
    'fails an approved request with no ARM write when policy $change before it runs',
    async ({ policy, code }) => {
      const { id } = (await broker.submit(readerOnStorage)).json;
      expect((await broker.approve(id)).json.state).toBe('approved');
      broker.services.policy = policy();
      await broker.run();
      const failed = (await broker.get(id)).json;
      expect([failed.state, failed.error.code]).toEqual(['failed', code]);
      expect(broker.armCalls(writes)).toEqual([]);
    },
  );
});
