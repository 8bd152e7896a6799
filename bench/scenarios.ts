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
  /**
   * The fewest ARM calls applying it can take (the targets: an identity change 1 GET + 1 PATCH and no
   * write when nothing changes, a role grant 1 PUT, plus a VM's polls and the PUTs Entra ID's replication
   * refuses), and why.
   */
  minimum: { reads: number; writes: number; why: string };
}

/** The requests the issue names, each measured from a freshly seeded sandbox. */
export const SCENARIOS: Scenario[] = [
  {
    name: 'Automation: disable system identity, keep 2 user-assigned',
    minimum: { reads: 1, writes: 1, why: 'identity change: 1 GET + 1 PATCH' },
    target: AUTOMATION_ACCOUNT_WITH_IDENTITIES,
    operations: [{ kind: 'disableSystemAssignedIdentity' }],
  },
  {
    name: 'Automation: attach a user-assigned identity',
    minimum: { reads: 1, writes: 1, why: 'identity change: 1 GET + 1 PATCH' },
    target: AUTOMATION_ACCOUNT_PLAIN,
    operations: [{ kind: 'attachUserAssignedIdentity', identity: UAI_RUNBOOKS.id }],
  },
  {
    name: 'Automation: detach one of two user-assigned identities',
    minimum: { reads: 1, writes: 1, why: 'identity change: 1 GET + 1 PATCH' },
    target: AUTOMATION_ACCOUNT_WITH_IDENTITIES,
    operations: [{ kind: 'detachUserAssignedIdentity', identity: UAI_REPORTING.id }],
  },
  {
    name: 'Automation: enable (already enabled): no change',
    minimum: { reads: 1, writes: 0, why: 'nothing to change: 1 GET, no write' },
    target: AUTOMATION_ACCOUNT_WITH_IDENTITIES,
    operations: [{ kind: 'enableSystemAssignedIdentity' }],
  },
  {
    name: 'Automation: enable + assignRole, 2 PrincipalNotFound first',
    minimum: {
      reads: 1,
      writes: 4,
      why: 'identity change (1 GET + 1 PATCH), then 1 PUT, refused twice while Entra ID replicates',
    },
    target: AUTOMATION_ACCOUNT_PLAIN,
    operations: [
      { kind: 'enableSystemAssignedIdentity' },
      { kind: 'assignRole', principal: 'systemAssigned', role: 'Key Vault Secrets User', scope: KEY_VAULT },
    ],
    arm: { replicationDelayAttempts: 2 },
  },
  {
    name: 'Automation: grant a role to an attached identity',
    minimum: { reads: 0, writes: 1, why: 'role grant: 1 PUT' },
    target: AUTOMATION_ACCOUNT_WITH_IDENTITIES,
    operations: [
      { kind: 'assignRole', principal: UAI_REPORTING.id, role: 'Key Vault Secrets User', scope: KEY_VAULT },
    ],
  },
  {
    name: 'Automation: grant that exists under another name',
    minimum: { reads: 0, writes: 0, why: 'role grant already held: no write' },
    target: AUTOMATION_ACCOUNT_WITH_IDENTITIES,
    operations: [
      { kind: 'assignRole', principal: UAI_RUNBOOKS.id, role: 'Key Vault Secrets User', scope: KEY_VAULT },
    ],
  },
  {
    name: 'VM: enable + attach (200 Updating, 2 operation polls)',
    minimum: {
      reads: 5,
      writes: 1,
      why: 'identity change (1 GET + 1 PATCH), 3 status polls (2 InProgress, then Succeeded) and the final GET of the result at Location',
    },
    target: VM_PLAIN,
    operations: [
      { kind: 'enableSystemAssignedIdentity' },
      { kind: 'attachUserAssignedIdentity', identity: UAI_RUNBOOKS.id },
    ],
    arm: { vmLroPolls: 2 },
  },
];
