/** The six things a request can ask for, in ARM's words. */
export const OPERATION_KINDS = [
  'enableSystemAssignedIdentity',
  'disableSystemAssignedIdentity',
  'attachUserAssignedIdentity',
  'detachUserAssignedIdentity',
  'assignRole',
  'removeRoleAssignment',
] as const;

export type OperationKind = (typeof OPERATION_KINDS)[number];

/** `systemAssigned` is the target's own identity; anything else is a user-assigned identity's resource ID. */
export type PrincipalRef = 'systemAssigned' | string;

export type IdentityOperation =
  | { kind: 'enableSystemAssignedIdentity' }
  | { kind: 'disableSystemAssignedIdentity' }
  | { kind: 'attachUserAssignedIdentity'; identity: string }
  | { kind: 'detachUserAssignedIdentity'; identity: string };

export interface AssignRoleOperation {
  kind: 'assignRole';
  principal: PrincipalRef;
  role: string;
  scope: string;
  duration?: string;
  expiresAt?: string;
}

export interface RemoveRoleAssignmentOperation {
  kind: 'removeRoleAssignment';
  principal: PrincipalRef;
  role: string;
  scope: string;
}

export type RoleOperation = AssignRoleOperation | RemoveRoleAssignmentOperation;
export type Operation = IdentityOperation | RoleOperation;

export const isIdentityOperation = (op: Operation): op is IdentityOperation =>
  op.kind !== 'assignRole' && op.kind !== 'removeRoleAssignment';

export const isRoleOperation = (op: Operation): op is RoleOperation => !isIdentityOperation(op);
