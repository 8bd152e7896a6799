import {
  AUTOMATION_ACCOUNT_PLAIN,
  AUTOMATION_ACCOUNT_WITH_IDENTITIES,
  KEY_VAULT,
  UAI_REPORTING,
  UAI_RUNBOOKS,
  VM_PLAIN,
} from '../dev/armSandbox/seed.js';

export interface Scenario {
  name: string;
  target: string;
  operations: unknown[];
  /** Sandbox knobs that shape the scenario. */
  arm?: { replicationDelayAttempts?: number; vmLroPolls?: number };
}

/** The requests the issue names, each measured from a freshly seeded sandbox. */
export const SCENARIOS: Scenario[] = [
  {
    name: 'Automation: disable system identity, keep 2 user-assigned',
    target: AUTOMATION_ACCOUNT_WITH_IDENTITIES,
    operations: [{ kind: 'disableSystemAssignedIdentity' }],
  },
  {
    name: 'Automation: attach a user-assigned identity',
    target: AUTOMATION_ACCOUNT_PLAIN,
    operations: [{ kind: 'attachUserAssignedIdentity', identity: UAI_RUNBOOKS.id }],
  },
  {
    name: 'Automation: detach one of two user-assigned identities',
    target: AUTOMATION_ACCOUNT_WITH_IDENTITIES,
    operations: [{ kind: 'detachUserAssignedIdentity', identity: UAI_REPORTING.id }],
  },
  {
    name: 'Automation: enable (already enabled): no change',
    target: AUTOMATION_ACCOUNT_WITH_IDENTITIES,
    operations: [{ kind: 'enableSystemAssignedIdentity' }],
  },
  {
    name: 'Automation: enable + assignRole, 2 PrincipalNotFound first',
    target: AUTOMATION_ACCOUNT_PLAIN,
    operations: [
      { kind: 'enableSystemAssignedIdentity' },
      { kind: 'assignRole', principal: 'systemAssigned', role: 'Key Vault Secrets User', scope: KEY_VAULT },
    ],
    arm: { replicationDelayAttempts: 2 },
  },
  {
    name: 'Automation: grant a role to an attached identity',
    target: AUTOMATION_ACCOUNT_WITH_IDENTITIES,
    operations: [
      { kind: 'assignRole', principal: UAI_REPORTING.id, role: 'Key Vault Secrets User', scope: KEY_VAULT },
    ],
  },
  {
    name: 'Automation: grant that exists under another name',
    target: AUTOMATION_ACCOUNT_WITH_IDENTITIES,
    operations: [
      { kind: 'assignRole', principal: UAI_RUNBOOKS.id, role: 'Key Vault Secrets User', scope: KEY_VAULT },
    ],
  },
  {
    name: 'VM: enable + attach (200 Updating, 2 operation polls)',
    target: VM_PLAIN,
    operations: [
      { kind: 'enableSystemAssignedIdentity' },
      { kind: 'attachUserAssignedIdentity', identity: UAI_RUNBOOKS.id },
    ],
    arm: { vmLroPolls: 2 },
  },
];
