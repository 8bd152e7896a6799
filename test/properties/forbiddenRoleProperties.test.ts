import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDocumentPolicy } from '../../src/core/policy/documentPolicy.js';
import { policyDocumentSchema } from '../../src/core/policy/policyDocument.js';
import { PRIVILEGED_ROLES } from '../../src/core/policy/builtInRoles.js';
import { AA, KV, RG, SUB, UA1 } from '../fakes/ids.js';
import { APPROVER_ID, grant, inputOf, type Op } from '../core/policy/policyFixture.js';

/** A custom role with a name of its own, forbidden by name or by its GUID like the built-in ones. */
const CUSTOM = { name: 'Secret Keeper', id: '0ab1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d' };
const ROLES = [...PRIVILEGED_ROLES, CUSTOM];

/** Text in a random casing: ARM and policy authors spell names and GUIDs as they like. */
const recased = (text: string) =>
  fc
    .array(fc.boolean(), { minLength: text.length, maxLength: text.length })
    .map((upper) => [...text].map((c, i) => (upper[i] ? c.toUpperCase() : c.toLowerCase())).join(''));

const definitionScope = fc.constantFrom(
  `/subscriptions/${SUB}`,
  '',
  '/providers/Microsoft.Management/managementGroups/mg-root',
);

/**
 * How a policy names the role it forbids: its name, a name pattern, its GUID, or a definition ID at any scope;
 * sometimes with a slip an author makes (a trailing slash, white space around it).
 */
const forbiddenEntry = (role: (typeof ROLES)[number]) =>
  fc
    .tuple(
      fc.oneof(
        recased(role.name),
        recased(`${role.name.slice(0, 3)}*`),
        recased(role.id),
        fc
          .tuple(definitionScope, recased(role.id))
          .map(([scope, guid]) => `${scope}/providers/Microsoft.Authorization/roleDefinitions/${guid}`),
      ),
      fc.constantFrom('', '', '', '/', ' '),
      fc.constantFrom('', '', '', ' '),
    )
    .map(([entry, after, before]) => `${before}${entry}${after}`);

/** The role as a plan resolved it: the name ARM gave (any casing) and a definition ID at some scope. */
const resolvedAs = (role: (typeof ROLES)[number]) =>
  fc.tuple(recased(role.name), definitionScope, recased(role.id)).map(([roleName, scope, guid]) => ({
    roleName,
    roleDefinitionId: `${scope}/providers/Microsoft.Authorization/roleDefinitions/${guid}`,
  }));

const prefix = fc.constantFrom('/', `/subscriptions/${SUB}`, RG, KV);

/** As generous a policy as the schema lets through: wildcards allowed, approved without anyone, eligible. */
const generousPolicy = (forbidden: string[], forbiddenByName: string) =>
  fc
    .record({
      scopes: fc.uniqueArray(
        fc.record({
          scope: prefix,
          allowedRoles: fc.constantFrom(undefined, ['*'], ['* Administrator', '*er']),
          identityOperationsNeedApproval: fc.boolean(),
          quorum: fc.integer({ min: 1, max: 3 }),
        }),
        { selector: (r) => r.scope, minLength: 1, maxLength: 3 },
      ),
      autoApprove: fc.subarray([
        { kind: 'roles', roles: ['*', forbiddenByName], maxDuration: 'P365D' },
        { kind: 'roles', roles: ['*'], scopeKinds: ['resource', 'resourceGroup'], maxDuration: 'P30D' },
        { kind: 'noChange' },
        { kind: 'identityOperations', targets: '/' },
      ]),
      eligibility: fc.subarray([
        { targets: '/', role: '*', scope: '/', maxDuration: 'P365D' },
        { targets: RG, principal: UA1, role: '*', scope: RG, maxDuration: 'P1D' },
      ]),
    })
    .map((parts) =>
      policyDocumentSchema.safeParse({
        version: 2,
        approvers: [APPROVER_ID],
        forbiddenRoles: forbidden,
        ...parts,
        scopes: parts.scopes.map((s) =>
          Object.fromEntries(Object.entries(s).filter(([, v]) => v !== undefined)),
        ),
      }),
    );

const scenario = fc.constantFrom(...ROLES).chain((role) =>
  fc
    .tuple(fc.array(forbiddenEntry(role), { minLength: 1, maxLength: 2 }), recased(role.name))
    .chain(([forbidden, byName]) =>
      fc.record({
        policy: generousPolicy([...forbidden, 'Contributor'], byName),
        resolved: resolvedAs(role),
        asked: fc.constantFrom(role.name, role.id, role.name.toUpperCase()),
        scope: fc.constantFrom(KV, RG, `/subscriptions/${SUB}`),
        principal: fc.constantFrom('systemAssigned', UA1),
        duration: fc.constantFrom(undefined, 'PT1H', 'PT8H'),
        unchanged: fc.boolean(),
        others: fc.subarray<Op>([
          { kind: 'enableSystemAssignedIdentity' },
          grant(
            'Reader',
            `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7`,
            KV,
            { duration: 'PT1H' },
          ),
        ]),
        at: fc.nat({ max: 2 }),
      }),
    ),
);

describe('forbidden roles (property tests of the policy engine)', () => {
  it('are never approved, auto-approved or made eligible, however the policy or the request names them', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        // A document the schema refuses never runs: the broker does not start, naming the entry.
        if (!s.policy.success) return;
        const policy = createDocumentPolicy(s.policy.data);
        const forbiddenGrant = grant(s.resolved.roleName, s.resolved.roleDefinitionId, s.scope, {
          role: s.asked,
          principal: s.principal,
          unchanged: s.unchanged,
          ...(s.duration ? { duration: s.duration } : {}),
        });
        const operations = [...s.others];
        operations.splice(Math.min(s.at, operations.length), 0, forbiddenGrant);
        const decision = policy.evaluate(inputOf(operations, AA));
        expect(decision.decision, JSON.stringify(decision.reasons)).toBe('denied');
        expect(policy.longestGrant?.({ ...s.resolved, scope: s.scope })).toBeUndefined();
      }),
      { numRuns: 1_000 },
    );
  });
});
