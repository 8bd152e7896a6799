import { ArmError } from '../../src/core/armError.js';
import { type IdentityPatchBody, type TargetIdentity, identityTypeOf } from '../../src/core/identity.js';
import type { ArmGateway, IdentityUpdate, RoleAssignmentInfo } from '../../src/core/ports.js';
import { isWithinScope, parseResourceId, resourceIdKey, sameResourceId } from '../../src/core/resourceId.js';
import { roleDefinitionGuid } from '../../src/core/roleAssignmentName.js';
import { roleAssignmentPath } from '../../src/core/roleAssignmentPath.js';
import type { TargetKind } from '../../src/core/targetTypes.js';
import { type BuiltInRole, ROLE_GUIDS, TENANT } from './ids.js';

export type ArmMethod = keyof ArmGateway;
export interface ArmCall {
  method: ArmMethod;
  args: unknown[];
}

interface FakeTarget {
  id: string;
  kind: TargetKind;
  systemPrincipalId?: string;
  /** Keys as ARM spells them. */
  userAssigned: string[];
}

interface FakeIdentity {
  id: string;
  principalId: string;
  clientId: string;
  tenantId: string;
}

const WRITES: readonly ArmMethod[] = ['beginIdentityUpdate', 'createRoleAssignment', 'deleteRoleAssignment'];
const badRequest = (code: string, message: string) => new ArmError(400, code, message, 'never');

/**
 * ARM as the documented REST behaviour has it, in memory: identity `type` replaces, the user-assigned map
 * merges (`{}` adds or keeps, `null` removes); a role assignment's name is its ID; the same triple under
 * another name is 409 `RoleAssignmentExists`. `failNext` scripts `ArmError`s a method throws, in order,
 * before it does anything. Every call is recorded, failed ones too.
 */
export class FakeArm implements ArmGateway {
  readonly calls: ArmCall[] = [];
  readonly assignments: RoleAssignmentInfo[] = [];
  /** VM identity updates answer `inProgress` this many looks before they are done, like ARM's LRO. */
  vmPolls = 0;
  /** The Retry-After a VM update's `inProgress` answer carries, if any. */
  vmRetryAfterMs: number | undefined;
  private readonly targets = new Map<string, FakeTarget>();
  private readonly identities = new Map<string, FakeIdentity>();
  private readonly failures = new Map<ArmMethod, ArmError[]>();
  private readonly operations = new Map<
    string,
    { target: string; kind: TargetKind; body: IdentityPatchBody; looksLeft: number }
  >();
  /** Principals the directory knows: a PUT naming another answers PrincipalNotFound, as ARM does. */
  private readonly directory = new Set<string>([this.brokerPrincipalOid()]);
  /** Principals still replicating: how many more PUTs naming each answer PrincipalNotFound. */
  private readonly replicating = new Map<string, number>();
  private counter = 0;

  private newGuid(prefix: string): string {
    this.counter += 1;
    return `${prefix}-0000-4000-8000-${String(this.counter).padStart(12, '0')}`;
  }

  addTarget(
    id: string,
    options: { kind?: TargetKind; system?: boolean; userAssigned?: string[] } = {},
  ): this {
    this.targets.set(resourceIdKey(id), {
      id,
      kind: options.kind ?? 'automationAccount',
      ...(options.system ? { systemPrincipalId: this.newPrincipal('5a5a5a5a') } : {}),
      userAssigned: [...(options.userAssigned ?? [])],
    });
    return this;
  }

  /** A principal the directory has that no identity here stands for (a user's, say). */
  addPrincipal(principalId: string): this {
    this.directory.add(principalId.toLowerCase());
    return this;
  }

  /** The next `attempts` role assignment PUTs naming this principal answer PrincipalNotFound. */
  delayPrincipal(principalId: string, attempts: number): void {
    this.replicating.set(principalId.toLowerCase(), attempts);
  }

  private newPrincipal(prefix: string): string {
    const id = this.newGuid(prefix);
    this.directory.add(id);
    return id;
  }

  private brokerPrincipalOid(): string {
    return 'b0b0b0b0-0000-4000-8000-00000000b0b0';
  }

  /** Creates a user-assigned identity and returns its principal ID. */
  addUserAssignedIdentity(id: string): string {
    const identity = {
      id,
      principalId: this.newPrincipal('ba5eba11'),
      clientId: this.newGuid('c11e0000'),
      tenantId: TENANT,
    };
    this.identities.set(resourceIdKey(id), identity);
    return identity.principalId;
  }

  /** Deletes a user-assigned identity; like ARM, leaves its role assignments behind. */
  deleteUserAssignedIdentity(id: string): void {
    const identity = this.identities.get(resourceIdKey(id));
    if (identity) this.directory.delete(identity.principalId);
    this.identities.delete(resourceIdKey(id));
  }

  addRoleAssignment(
    scope: string,
    role: BuiltInRole,
    principalId: string,
    name?: string,
  ): RoleAssignmentInfo {
    const assignment = {
      id: roleAssignmentPath(scope, name ?? this.newGuid('a55a55a5')),
      scope,
      roleDefinitionId: this.definitionIdAt(scope, ROLE_GUIDS[role]),
      principalId,
    };
    this.assignments.push(assignment);
    return assignment;
  }

  failNext(method: ArmMethod, ...errors: ArmError[]): this {
    this.failures.set(method, [...(this.failures.get(method) ?? []), ...errors]);
    return this;
  }

  identityOf(target: string): TargetIdentity | undefined {
    const t = this.targets.get(resourceIdKey(target));
    return t ? this.render(t) : undefined;
  }

  callsOf(method: ArmMethod): unknown[][] {
    return this.calls.filter((c) => c.method === method).map((c) => c.args);
  }

  /** Awaited before every write: a seam to look at what is committed while ARM is being written. */
  beforeWrite: ((method: ArmMethod) => Promise<void>) | undefined;

  writes(): ArmCall[] {
    return this.calls.filter((c) => WRITES.includes(c.method));
  }

  private record(method: ArmMethod, ...args: unknown[]): void {
    this.calls.push({ method, args: structuredClone(args) });
    const error = this.failures.get(method)?.shift();
    if (error) throw error;
  }

  private definitionIdAt(scope: string, guid: string): string {
    const parsed = parseResourceId(scope);
    const prefix =
      parsed.ok && parsed.value.subscriptionId ? `/subscriptions/${parsed.value.subscriptionId}` : '';
    return `${prefix}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
  }

  private render(t: FakeTarget): TargetIdentity {
    return {
      type: identityTypeOf(t.systemPrincipalId !== undefined, t.userAssigned.length > 0),
      ...(t.systemPrincipalId ? { principalId: t.systemPrincipalId, tenantId: TENANT } : {}),
      userAssigned: t.userAssigned.map((id) => {
        const identity = this.identities.get(resourceIdKey(id));
        return identity ? { id, principalId: identity.principalId, clientId: identity.clientId } : { id };
      }),
    };
  }

  private target(id: string, kind: TargetKind): FakeTarget {
    const t = this.targets.get(resourceIdKey(id));
    if (!t || t.kind !== kind) throw new ArmError(404, 'ResourceNotFound', `${id} was not found`, 'never');
    return t;
  }

  async getTargetIdentity(target: string, kind: TargetKind): Promise<TargetIdentity | undefined> {
    this.record('getTargetIdentity', target, kind);
    const t = this.targets.get(resourceIdKey(target));
    return t && t.kind === kind ? this.render(t) : undefined;
  }

  async beginIdentityUpdate(
    target: string,
    kind: TargetKind,
    body: IdentityPatchBody,
  ): Promise<IdentityUpdate> {
    await this.beforeWrite?.('beginIdentityUpdate');
    this.record('beginIdentityUpdate', target, kind, body);
    const t = this.target(target, kind);
    if (kind !== 'virtualMachine' || this.vmPolls === 0) {
      this.applyPatch(t, body);
      return { status: 'done', identity: this.render(t) };
    }
    // As ARM's VM update: the body is checked now, and the identity changes only when the operation ends.
    this.applyPatch(structuredClone(t), body);
    const resumeToken = `operation-${this.newGuid('0b0b0b0b')}`;
    this.operations.set(resumeToken, { target: t.id, kind, body, looksLeft: this.vmPolls });
    return this.inProgress(resumeToken);
  }

  async resumeIdentityUpdate(target: string, kind: TargetKind, resumeToken: string): Promise<IdentityUpdate> {
    this.record('resumeIdentityUpdate', target, kind, resumeToken);
    const operation = this.operations.get(resumeToken);
    if (!operation) throw new ArmError(404, 'OperationNotFound', `no operation ${resumeToken}`, 'never');
    operation.looksLeft -= 1;
    if (operation.looksLeft > 0) return this.inProgress(resumeToken);
    const t = this.target(target, kind);
    if (this.operations.delete(resumeToken)) this.applyPatch(t, operation.body);
    return { status: 'done', identity: this.render(t) };
  }

  private inProgress(resumeToken: string): IdentityUpdate {
    return this.vmRetryAfterMs === undefined
      ? { status: 'inProgress', resumeToken }
      : { status: 'inProgress', resumeToken, retryAfterMs: this.vmRetryAfterMs };
  }

  private applyPatch(t: FakeTarget, body: IdentityPatchBody): void {
    const { type, userAssignedIdentities = {} } = body.identity;
    const system = type.includes('SystemAssigned');
    let userAssigned = new Map<string, string>();
    if (!type.includes('UserAssigned')) {
      if (Object.values(userAssignedIdentities).some((v) => v !== null))
        throw badRequest('InvalidIdentityValues', `userAssignedIdentities need a type with UserAssigned`);
    } else {
      userAssigned = new Map(t.userAssigned.map((id) => [resourceIdKey(id), id]));
      for (const [id, value] of Object.entries(userAssignedIdentities)) {
        if (value === null) userAssigned.delete(resourceIdKey(id));
        else if (!this.identities.has(resourceIdKey(id)))
          throw badRequest('InvalidUserAssignedIdentity', `The user-assigned identity '${id}' was not found`);
        else if (!userAssigned.has(resourceIdKey(id))) userAssigned.set(resourceIdKey(id), id);
      }
      if (userAssigned.size === 0)
        throw badRequest(
          'InvalidIdentityValues',
          `type '${type}' but no user-assigned identity would remain`,
        );
    }
    if (system && !t.systemPrincipalId) t.systemPrincipalId = this.newPrincipal('5a5a5a5a');
    if (!system) delete t.systemPrincipalId;
    t.userAssigned = [...userAssigned.values()];
  }

  async getUserAssignedIdentity(id: string) {
    this.record('getUserAssignedIdentity', id);
    const identity = this.identities.get(resourceIdKey(id));
    return identity
      ? { principalId: identity.principalId, clientId: identity.clientId, tenantId: identity.tenantId }
      : undefined;
  }

  async findRoleDefinition(scope: string, role: string) {
    this.record('findRoleDefinition', scope, role);
    const found = (Object.entries(ROLE_GUIDS) as Array<[BuiltInRole, string]>).find(
      ([name, guid]) => name.toLowerCase() === role.toLowerCase() || guid === role.toLowerCase(),
    );
    return found ? { id: this.definitionIdAt(scope, found[1]), roleName: found[0] } : undefined;
  }

  async createRoleAssignment(a: {
    scope: string;
    name: string;
    roleDefinitionId: string;
    principalId: string;
  }) {
    await this.beforeWrite?.('createRoleAssignment');
    this.record('createRoleAssignment', a);
    const id = roleAssignmentPath(a.scope, a.name);
    const grants = (r: RoleAssignmentInfo) =>
      r.principalId.toLowerCase() === a.principalId.toLowerCase() &&
      roleDefinitionGuid(r.roleDefinitionId) === roleDefinitionGuid(a.roleDefinitionId);
    const principal = a.principalId.toLowerCase();
    const waits = this.replicating.get(principal) ?? 0;
    if (waits > 0) this.replicating.set(principal, waits - 1);
    if (waits > 0 || !this.directory.has(principal))
      throw new ArmError(
        400,
        'PrincipalNotFound',
        `Principal ${a.principalId.replace(/-/g, '')} does not exist in the directory ${TENANT}.`,
        'replicationDelay',
      );
    const byName = this.assignments.find((r) => sameResourceId(r.id, id));
    // The same PUT again answers 201, as ARM (and the sandbox) do: a rerun reports what the first run did.
    if (byName && grants(byName)) return { id: byName.id, created: true };
    if (byName)
      throw badRequest(
        'RoleAssignmentUpdateNotPermitted',
        'Tenant ID, application ID, principal ID, and scope are not allowed to be updated.',
      );
    if (this.assignments.some((r) => sameResourceId(r.scope, a.scope) && grants(r)))
      throw new ArmError(409, 'RoleAssignmentExists', 'The role assignment already exists.', 'never');
    this.assignments.push({
      id,
      scope: a.scope,
      roleDefinitionId: a.roleDefinitionId,
      principalId: a.principalId,
    });
    return { id, created: true };
  }

  async listRoleAssignments(scope: string, principalId: string): Promise<RoleAssignmentInfo[]> {
    this.record('listRoleAssignments', scope, principalId);
    return this.assignments
      .filter(
        (r) =>
          r.principalId.toLowerCase() === principalId.toLowerCase() &&
          (isWithinScope(scope, r.scope) || isWithinScope(r.scope, scope)),
      )
      .map((r) => ({ ...r }));
  }

  /** The identity the broker calls ARM as. */
  brokerPrincipal = this.brokerPrincipalOid();

  async brokerPrincipalId(): Promise<string | undefined> {
    return this.brokerPrincipal;
  }

  async deleteRoleAssignment(id: string): Promise<'deleted' | 'notFound'> {
    await this.beforeWrite?.('deleteRoleAssignment');
    this.record('deleteRoleAssignment', id);
    const index = this.assignments.findIndex((r) => sameResourceId(r.id, id));
    if (index < 0) return 'notFound';
    this.assignments.splice(index, 1);
    return 'deleted';
  }
}
