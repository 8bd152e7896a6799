import { describe, expect, it } from 'vitest';
import { createDocumentPolicy } from '../../../src/core/policy/documentPolicy.js';
import { policyDocumentSchema } from '../../../src/core/policy/policyDocument.js';
import { KV, RG, ROLE_GUIDS, SUB, UA1 } from '../../fakes/ids.js';
import { APPROVER_ID, CUSTOM_ROLE, SECURITY_GROUP, defId, grant, inputOf, type Op } from './policyFixture.js';

const SUB_SCOPE = `/subscriptions/${SUB}`;
const SANDBOX = `${SUB_SCOPE}/resourceGroups/rg-sandbox`;
const SANDBOX_AA = `${SANDBOX}/providers/Microsoft.Automation/automationAccounts/aa-play`;
const RUNBOOKS_AA = `${SUB_SCOPE}/resourceGroups/rg-runbooks/providers/Microsoft.Automation/automationAccounts/aa-night`;
const TEAM_LEAD = '0f1e2d3c-4b5a-4968-8776-655443322110';

/** The README's sample, more or less: one rule of each kind. */
const policy = createDocumentPolicy(
  policyDocumentSchema.parse({
    version: 2,
    approvers: [APPROVER_ID],
    scopes: [
      { scope: '/', allowedRoles: ['Reader'] },
      { scope: SUB_SCOPE, quorum: 2, approvers: [APPROVER_ID, TEAM_LEAD, `group:${SECURITY_GROUP}`] },
      {
        scope: `${RG}/`, // a trailing slash is the same prefix
        allowedRoles: ['Key Vault Secrets User', ROLE_GUIDS.Reader, CUSTOM_ROLE, 'Storage * Reader'],
        maxDuration: 'P30D',
        approvers: [`group:${SECURITY_GROUP}`],
        approvalTimeout: 'PT4H',
      },
      { scope: SANDBOX, identityOperationsNeedApproval: false },
    ],
    autoApprove: [
      { kind: 'roles', roles: ['Reader', '* Reader'], scopeKinds: ['resource'], maxDuration: 'PT8H' },
      { kind: 'identityOperations', targets: `${SUB_SCOPE}/resourcegroups/RG-APP` },
      { kind: 'noChange' },
    ],
    eligibility: [
      {
        targets: `${SUB_SCOPE}/resourceGroups/rg-runbooks`,
        targetType: 'Microsoft.Automation/automationAccounts',
        role: 'Key Vault Secrets User',
        scope: KV,
        maxDuration: 'PT8H',
      },
    ],
  }),
);

const kvUser = (extra: Parameters<typeof grant>[3] = {}) =>
  grant('Key Vault Secrets User', defId(ROLE_GUIDS['Key Vault Secrets User']), KV, extra);
const reader = (scope: string, extra: Parameters<typeof grant>[3] = {}) =>
  grant('Reader', defId(ROLE_GUIDS.Reader), scope, extra);
const enable: Op = { kind: 'enableSystemAssignedIdentity' };
const RG_RULE = `scopes[2] (${RG})`;

type Row = [name: string, ops: Op[], target: string | undefined, decision: string, reasons: string[]];
const rows: Row[] = [
  [
    'allowed: a listed role asks the resource group rule',
    [kvUser({ duration: 'P7D' })],
    undefined,
    'approvalRequired',
    [`${RG_RULE}: 'Key Vault Secrets User' needs 1 approval from group:${SECURITY_GROUP}`],
  ],
  [
    'forbidden everywhere, also by GUID',
    [grant('Renamed', defId(ROLE_GUIDS.Owner), KV)],
    undefined,
    'denied',
    ["operations[0]: 'Renamed' is never granted by the broker (forbiddenRoles)"],
  ],
  [
    'a role outside the allowed list',
    [grant('Contributor', defId(ROLE_GUIDS.Contributor), KV, { duration: 'P1D' })],
    undefined,
    'denied',
    [`${RG_RULE}: 'Contributor' is not among the roles allowed here`],
  ],
  [
    'a grant longer than the rule allows',
    [kvUser({ duration: 'P60D' })],
    undefined,
    'denied',
    [`${RG_RULE}: a grant of 'Key Vault Secrets User' here must end within P30D`],
  ],
  [
    'a permanent grant where the rule wants an end',
    [kvUser()],
    undefined,
    'denied',
    [`${RG_RULE}: a grant of 'Key Vault Secrets User' here must end within P30D`],
  ],
  [
    'auto-approved: Reader at resource scope up to PT8H',
    [reader(KV, { duration: 'PT8H' })],
    undefined,
    'autoApproved',
    ["autoApprove[0]: 'Reader' at resource scope up to PT8H needs no approval"],
  ],
  [
    'not auto-approved past PT8H',
    [reader(KV, { duration: 'PT9H' })],
    undefined,
    'approvalRequired',
    [`${RG_RULE}: 'Reader' needs 1 approval from group:${SECURITY_GROUP}`],
  ],
  [
    'not auto-approved at resource group scope',
    [reader(RG, { duration: 'PT1H' })],
    undefined,
    'approvalRequired',
    [`${RG_RULE}: 'Reader' needs 1 approval from group:${SECURITY_GROUP}`],
  ],
  [
    'auto-approved: identity operations on targets in rg-app (any casing)',
    [enable],
    undefined,
    'autoApproved',
    [
      `autoApprove[1]: identity operations on targets under ${SUB_SCOPE}/resourceGroups/RG-APP need no approval`,
    ],
  ],
  [
    'auto-approved: a rule whose identity operations need no approval',
    [enable],
    SANDBOX_AA,
    'autoApproved',
    [`scopes[3] (${SANDBOX}): identity operations on targets here need no approval`],
  ],
  [
    'auto-approved: a plan that changes nothing',
    [kvUser({ duration: 'P7D', unchanged: true })],
    undefined,
    'autoApproved',
    ['autoApprove[2]: the plan changes nothing'],
  ],
  [
    'eligible: activation within its bound',
    [kvUser({ duration: 'PT8H' })],
    RUNBOOKS_AA,
    'autoApproved',
    [
      `eligibility[0]: systemAssigned of targets under ${SUB_SCOPE}/resourceGroups/rg-runbooks may activate 'Key Vault Secrets User' on ${KV} for up to PT8H`,
    ],
  ],
  [
    'eligible only within its bound',
    [kvUser({ duration: 'PT9H' })],
    RUNBOOKS_AA,
    'approvalRequired',
    [`${RG_RULE}: 'Key Vault Secrets User' needs 1 approval from group:${SECURITY_GROUP}`],
  ],
  [
    'eligible only for the named principal',
    [kvUser({ duration: 'PT1H', principal: UA1 })],
    RUNBOOKS_AA,
    'approvalRequired',
    [`${RG_RULE}: 'Key Vault Secrets User' needs 1 approval from group:${SECURITY_GROUP}`],
  ],
  [
    'quorum: the subscription rule wants 2',
    [enable],
    `${SUB_SCOPE}/resourceGroups/rg-other/providers/Microsoft.Automation/automationAccounts/aa`,
    'approvalRequired',
    [
      `scopes[1] (${SUB_SCOPE}): enableSystemAssignedIdentity needs 2 approvals from ${APPROVER_ID}, ${TEAM_LEAD}, group:${SECURITY_GROUP}`,
    ],
  ],
  [
    'the root rule covers other subscriptions',
    [reader('/subscriptions/22222222-2222-2222-2222-222222222222')],
    undefined,
    'approvalRequired',
    [`scopes[0] (/): 'Reader' needs 1 approval from ${APPROVER_ID}`],
  ],
  [
    'role by GUID in the allowed list',
    [grant('Reader', defId(ROLE_GUIDS.Reader.toUpperCase()), KV, { duration: 'P1D' })],
    undefined,
    'approvalRequired',
    [`${RG_RULE}: 'Reader' needs 1 approval from group:${SECURITY_GROUP}`],
  ],
  [
    'custom role by its ID in the allowed list',
    [grant('Runbook Operator', CUSTOM_ROLE, KV, { duration: 'P1D' })],
    undefined,
    'approvalRequired',
    [`${RG_RULE}: 'Runbook Operator' needs 1 approval from group:${SECURITY_GROUP}`],
  ],
  [
    'a wildcard name in the allowed list',
    [
      grant('Storage Blob Data Reader', defId('2a2b9908-6ea1-4ae2-8e65-a410df84e7d1'), KV, {
        duration: 'P1D',
      }),
    ],
    undefined,
    'approvalRequired',
    [`${RG_RULE}: 'Storage Blob Data Reader' needs 1 approval from group:${SECURITY_GROUP}`],
  ],
];

describe('the policy engine', () => {
  it.each(rows)('%s', (_name, ops, target, decision, reasons) => {
    const result = policy.evaluate(inputOf(ops, target));
    expect([result.decision, result.reasons]).toEqual([decision, reasons]);
  });

  it('asks for the largest quorum, the shortest window and approvers in every set when rules combine', () => {
    const other = `${SUB_SCOPE}/resourceGroups/rg-other/providers/Microsoft.Automation/automationAccounts/aa`;
    const result = policy.evaluate(inputOf([enable, kvUser({ duration: 'P1D' })], other));
    expect(result).toMatchObject({
      decision: 'approvalRequired',
      quorum: 2,
      approvalTimeout: 'PT4H',
      approverSets: [[APPROVER_ID, TEAM_LEAD, `group:${SECURITY_GROUP}`], [`group:${SECURITY_GROUP}`]],
    });
  });

  it('lists every denial, and only denials, when anything is denied', () => {
    const result = policy.evaluate(inputOf([enable, grant('Owner', defId(ROLE_GUIDS.Owner), KV), kvUser()]));
    expect(result.decision).toBe('denied');
    expect(result.reasons).toEqual([
      "operations[1]: 'Owner' is never granted by the broker (forbiddenRoles)",
      `${RG_RULE}: a grant of 'Key Vault Secrets User' here must end within P30D`,
    ]);
  });

  it('denies what no rule covers in a version 2 policy', () => {
    const narrow = createDocumentPolicy(
      policyDocumentSchema.parse({
        version: 2,
        approvers: [APPROVER_ID],
        scopes: [{ scope: RG }],
      }),
    );
    const other = `${SUB_SCOPE}/resourceGroups/rg-app2/providers/Microsoft.Automation/automationAccounts/aa`;
    expect(narrow.evaluate(inputOf([enable], other)).reasons).toEqual([
      `operations[0]: no rule in scopes covers the target ${other}`,
    ]);
  });

  it('reads a version 1 policy as one rule for everything under its approvers', () => {
    const v1 = createDocumentPolicy(
      policyDocumentSchema.parse({ approvers: [APPROVER_ID, 'role:Approvers'] }),
    );
    expect(v1.evaluate(inputOf([enable, kvUser()]))).toEqual({
      decision: 'approvalRequired',
      reasons: [
        `approvers: enableSystemAssignedIdentity needs 1 approval from ${APPROVER_ID}, role:Approvers`,
        `approvers: 'Key Vault Secrets User' needs 1 approval from ${APPROVER_ID}, role:Approvers`,
      ],
      approvers: [APPROVER_ID, 'role:Approvers'],
      quorum: 1,
      approverSets: [[APPROVER_ID, 'role:Approvers']],
      approvalTimeout: 'PT24H',
    });
  });
});
