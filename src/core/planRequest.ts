import { ArmError } from './armError.js';
import { executionSteps } from './executionSteps.js';
import { expiresAtProblem } from './expiresAtProblem.js';
import type { FieldError } from './fieldError.js';
import { type TargetIdentity, hasSystemAssigned } from './identity.js';
import { computeIdentityChange } from './identityPatch.js';
import { type IdentityOperation, type RoleOperation, isIdentityOperation } from './operation.js';
import type { Plan, PlannedStep } from './plan.js';
import { describeHolder, type GrantLedger, isUnexpired } from './grantLedger.js';
import type { ArmGateway, Policy, RoleAssignmentInfo } from './ports.js';
import type { RequestDraft } from './requestSchema.js';
import { parseResourceId, resourceIdKey, sameResourceId } from './resourceId.js';
import { err, ok, type Result } from './result.js';
import { roleAssignmentName, roleDefinitionGuid } from './roleAssignmentName.js';
import { roleAssignmentBody, roleAssignmentPath } from './roleAssignmentPath.js';
import { type TargetKind, targetKindOf } from './targetTypes.js';
import { planWarnings } from './planWarnings.js';
import { sameRoleAbove } from './sameRoleAbove.js';

export type PlanRefused = { code: 'planRefused'; errors: FieldError[] };

/** The principal ID placeholder shown while the system-assigned identity does not exist yet. */
export const PENDING_PRINCIPAL = '<principal ID of the system-assigned identity this request enables>';

interface PlanContext {
  arm: ArmGateway;
  ledger: GrantLedger | undefined;
  now: Date;
  /** Whom the broker calls ARM as: never a request's subject. */
  brokerPrincipalId: string | undefined;
  draft: RequestDraft;
  current: TargetIdentity;
  finalSystem: boolean;
  finalUserAssigned: Set<string>;
  errors: FieldError[];
  /** For the hints: where each grant's principal already holds its role higher up, by operation index. */
  heldAbove: Map<number, string[]>;
}

/** Finds the assignments of exactly this role at exactly this scope: ARM also lists those above and below. */
export const matchingAssignments = (
  assignments: readonly RoleAssignmentInfo[],
  scope: string,
  roleDefinitionId: string,
): RoleAssignmentInfo[] =>
  assignments.filter(
    (a) =>
      sameResourceId(a.scope, scope) &&
      roleDefinitionGuid(a.roleDefinitionId) === roleDefinitionGuid(roleDefinitionId),
  );

/**
 * Reads the target's live identity and computes every ARM call the request will send, or finds why
 * it cannot be carried out. Nothing is written.
 */
export async function planRequest(
  draft: RequestDraft,
  arm: ArmGateway,
  now: Date,
  ledger?: GrantLedger,
  policy?: Pick<Policy, 'longestGrant'>,
): Promise<Result<{ plan: Plan; targetKind: TargetKind }, PlanRefused>> {
  const parsedTarget = parseResourceId(draft.target);
  const targetKind = parsedTarget.ok ? targetKindOf(parsedTarget.value.resourceType) : undefined;
  if (!targetKind)
    return err({ code: 'planRefused', errors: [{ path: 'target', message: 'is not a supported target' }] });

  const current = await readTarget(arm, draft.target, targetKind);
  if (!current.ok)
    return err({
      code: 'planRefused',
      errors: [{ path: current.error.path, message: current.error.message }],
    });

  const identityOps = draft.operations.filter(isIdentityOperation);
  const change = computeIdentityChange(current.value, identityOps);
  const finalIdentity = change.change === 'patch' ? change.body.identity : undefined;
  const context: PlanContext = {
    arm,
    ledger,
    now,
    brokerPrincipalId: (await arm.brokerPrincipalId())?.toLowerCase(),
    draft,
    current: current.value,
    finalSystem: finalIdentity
      ? finalIdentity.type.includes('SystemAssigned')
      : hasSystemAssigned(current.value),
    finalUserAssigned: new Set(
      finalIdentity
        ? Object.entries(finalIdentity.userAssignedIdentities ?? {})
            .filter(([, v]) => v !== null)
            .map(([id]) => resourceIdKey(id))
        : current.value.userAssigned.map((u) => resourceIdKey(u.id)),
    ),
    errors: [],
    heldAbove: new Map(),
  };

  draft.operations.forEach((op, index) => {
    const problem =
      op.kind === 'assignRole' && op.expiresAt ? expiresAtProblem(op.expiresAt, now) : undefined;
    if (problem) context.errors.push({ path: `operations[${index}].expiresAt`, message: problem });
  });
  const steps: PlannedStep[] = [];
  for (const outline of executionSteps(draft.operations)) {
    if (outline.kind === 'updateIdentity') {
      await checkAttachedIdentitiesExist(context, outline.operations);
      steps.push(
        change.change === 'patch'
          ? {
              kind: 'updateIdentity',
              operations: outline.operations,
              change: 'write',
              calls: [{ method: 'PATCH', path: draft.target, body: change.body }],
            }
          : {
              kind: 'updateIdentity',
              operations: outline.operations,
              change: 'none',
              calls: [],
              reason: change.reason,
            },
      );
    } else {
      const index = outline.operations[0] as number;
      const step = await planRoleStep(context, index, draft.operations[index] as RoleOperation);
      if (step) steps.push(step);
    }
  }
  context.errors.push(...sameGrantTwice(draft, steps));
  if (context.errors.length > 0) return err({ code: 'planRefused', errors: context.errors });

  const plan: Plan = {
    computedAt: now.toISOString(),
    targetIdentity: {
      type: current.value.type,
      ...(current.value.principalId ? { principalId: current.value.principalId } : {}),
      userAssignedIdentities: current.value.userAssigned.map((u) => u.id),
    },
    steps,
    warnings: [],
  };
  plan.warnings = planWarnings(draft, plan, current.value, {
    heldAbove: context.heldAbove,
    ...(policy?.longestGrant ? { longestGrant: (role) => policy.longestGrant?.(role) } : {}),
  });
  return ok({ plan, targetKind });
}

async function readTarget(
  arm: ArmGateway,
  target: string,
  kind: TargetKind,
): Promise<Result<TargetIdentity, FieldError & { code: string }>> {
  try {
    const identity = await arm.getTargetIdentity(target, kind);
    return identity
      ? ok(identity)
      : err({ code: 'targetNotFound', path: 'target', message: 'does not exist' });
  } catch (e) {
    if (e instanceof ArmError && e.retry === 'never' && (e.status === 403 || e.status === 401))
      return err({ code: e.code, path: 'target', message: `cannot be read by the broker (${e.code})` });
    throw e;
  }
}

async function checkAttachedIdentitiesExist(context: PlanContext, indexes: number[]): Promise<void> {
  for (const index of indexes) {
    const op = context.draft.operations[index] as IdentityOperation;
    if (op.kind !== 'attachUserAssignedIdentity') continue;
    const path = `operations[${index}].identity`;
    const attached = context.current.userAssigned.find((u) => sameResourceId(u.id, op.identity));
    const identity = attached?.principalId
      ? attached
      : await context.arm.getUserAssignedIdentity(op.identity);
    if (!identity) context.errors.push({ path, message: 'does not exist' });
    else if (isBroker(context, identity.principalId))
      // Attached to a target, the broker's identity would let that target's code act with the broker's rights.
      context.errors.push({ path, message: BROKER_ITSELF });
  }
}

const BROKER_ITSELF = "is the broker's own identity: the broker never changes who can act as itself";

const isBroker = (context: PlanContext, principalId: string | undefined): boolean =>
  principalId !== undefined && principalId.toLowerCase() === context.brokerPrincipalId;

/** Two role operations on one grant, however the role was named (name, GUID or ID), contradict or repeat. */
function sameGrantTwice(draft: RequestDraft, steps: PlannedStep[]): FieldError[] {
  const seen = new Map<string, number>();
  const errors: FieldError[] = [];
  for (const step of steps) {
    const index = step.operations[0] as number;
    const op = draft.operations[index];
    if (!step.role || !op || (op.kind !== 'assignRole' && op.kind !== 'removeRoleAssignment')) continue;
    const key = `${resourceIdKey(op.principal)}|${resourceIdKey(op.scope)}|${roleDefinitionGuid(step.role.roleDefinitionId)}`;
    const earlier = seen.get(key);
    if (earlier === undefined) seen.set(key, index);
    else
      errors.push({
        path: `operations[${index}]`,
        message: `acts on the same role assignment as operations[${earlier}] ('${step.role.roleName}')`,
      });
  }
  return errors;
}

async function planRoleStep(
  context: PlanContext,
  index: number,
  op: RoleOperation,
): Promise<PlannedStep | undefined> {
  const base: Pick<PlannedStep, 'kind' | 'operations'> = { kind: op.kind, operations: [index] };
  const definition = await context.arm.findRoleDefinition(op.scope, op.role);
  if (!definition) {
    context.errors.push({
      path: `operations[${index}].role`,
      message: `is not a role definition at ${op.scope}`,
    });
    return undefined;
  }
  const principal = await resolvePrincipal(context, index, op);
  if (principal === 'invalid') return undefined;
  const role = {
    roleDefinitionId: definition.id,
    roleName: definition.roleName,
    scope: op.scope,
    ...(principal.principalId ? { principalId: principal.principalId } : {}),
  };
  if (principal.principalId === undefined) {
    if (op.kind === 'removeRoleAssignment')
      return {
        ...base,
        role,
        change: 'none',
        calls: [],
        reason: principal.reason ?? 'the principal does not exist',
      };
    const body = roleAssignmentBody(definition.id, PENDING_PRINCIPAL);
    const path = roleAssignmentPath(op.scope, '<name derived from scope, principal ID and role>');
    return { ...base, role, change: 'write', calls: [{ method: 'PUT', path, body }] };
  }

  const assignments = await context.arm.listRoleAssignments(op.scope, principal.principalId);
  const existing = matchingAssignments(assignments, op.scope, definition.id);
  if (op.kind === 'assignRole')
    context.heldAbove.set(index, sameRoleAbove(assignments, op.scope, definition.id));
  if (op.kind === 'removeRoleAssignment')
    return existing.length === 0
      ? { ...base, role, change: 'none', calls: [], reason: 'no such role assignment exists' }
      : {
          ...base,
          role,
          change: 'write',
          calls: existing.map((a) => ({ method: 'DELETE' as const, path: a.id })),
        };
  const name = roleAssignmentName(op.scope, principal.principalId, definition.id);
  const found = existing[0];
  if (found) {
    const origin = (found.id.split('/').pop() ?? '').toLowerCase() === name ? 'broker' : 'external';
    const reason = await existingGrantReason(context, op, found, origin, name);
    return { ...base, role, change: 'none', calls: [], reason, origin };
  }
  return {
    ...base,
    role,
    change: 'write',
    calls: [
      {
        method: 'PUT',
        path: roleAssignmentPath(op.scope, name),
        body: roleAssignmentBody(definition.id, principal.principalId),
      },
    ],
  };
}

/** Says who holds an assignment already in place, from the grant ledger, and what this request adds. */
async function existingGrantReason(
  context: PlanContext,
  op: RoleOperation,
  found: RoleAssignmentInfo,
  origin: 'broker' | 'external',
  brokerName: string,
): Promise<string> {
  const timeBound = op.kind === 'assignRole' && (op.duration !== undefined || op.expiresAt !== undefined);
  const mine = timeBound
    ? 'this request holds it too, until its grant ends'
    : 'this request keeps it permanently';
  if (origin === 'external')
    return `already assigned as ${found.id}, made outside the broker: it stays whatever this request's end`;
  const entry = context.ledger ? (await context.ledger.get(brokerName))?.entry : undefined;
  const holders = entry?.status === 'active' ? entry.holders.filter((h) => isUnexpired(h, context.now)) : [];
  return holders.length > 0
    ? `already assigned as ${found.id}, held by ${holders.map(describeHolder).join(', ')}; ${mine}`
    : `already assigned as ${found.id} by the broker; ${mine}`;
}

async function resolvePrincipal(
  context: PlanContext,
  index: number,
  op: RoleOperation,
): Promise<{ principalId?: string; reason?: string } | 'invalid'> {
  const path = `operations[${index}].principal`;
  if (op.principal === 'systemAssigned') {
    if (op.kind === 'assignRole' && !context.finalSystem) {
      context.errors.push({
        path,
        message:
          'names the system-assigned identity, which the target does not have: enable it in this request',
      });
      return 'invalid';
    }
    if (isBroker(context, context.current.principalId)) {
      context.errors.push({ path, message: BROKER_ITSELF });
      return 'invalid';
    }
    return context.current.principalId
      ? { principalId: context.current.principalId }
      : { reason: 'the target has no system-assigned identity' };
  }
  const identity = await context.arm.getUserAssignedIdentity(op.principal);
  if (!identity && op.kind === 'assignRole') {
    context.errors.push({ path, message: 'does not exist' });
    return 'invalid';
  }
  // A role operation names the target's own identities only: one attached to it now (a removal runs
  // before any detach in the same request) or, for a grant, one this request attaches.
  const attached =
    op.kind === 'assignRole'
      ? context.finalUserAssigned.has(resourceIdKey(op.principal))
      : context.current.userAssigned.some((u) => sameResourceId(u.id, op.principal));
  if (!attached) {
    context.errors.push({
      path,
      message:
        op.kind === 'assignRole'
          ? 'is not attached to the target: attach it in this request'
          : "is not attached to the target: only the target's own identities are changed through it",
    });
    return 'invalid';
  }
  if (!identity) return { reason: 'the user-assigned identity no longer exists' };
  if (isBroker(context, identity.principalId)) {
    context.errors.push({ path, message: BROKER_ITSELF });
    return 'invalid';
  }
  return { principalId: identity.principalId };
}
