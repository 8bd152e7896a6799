import { randomUUID } from 'node:crypto';
import { compareApiVersions } from './apiVersions.js';
import { armError, methodNotAllowed, ok, type ArmResponse } from './armResponse.js';
import { planIdentityPatch, type IdentityPlan } from './identityPatch.js';
import type { SandboxResource, VmOperation } from './store.js';
import type { ArmRequest, HandlerContext } from './types.js';
import { renderVirtualMachine } from './virtualMachineBody.js';
import { advance, advanceRunningOperation, operationUrls } from './vmOperations.js';

/** The first Compute api-version with the `userAssignedIdentities` map. */
const FIRST_USER_ASSIGNED_API_VERSION = '2018-06-01';

/** GET and PATCH of a VM; PATCH is a long-running operation finished by polling (see vmOperations.ts). */
export function handleVirtualMachine(ctx: HandlerContext, req: ArmRequest, vm: SandboxResource): ArmResponse {
  advanceRunningOperation(ctx, vm);
  if (req.method === 'GET') return ok(renderVirtualMachine(ctx.store, vm));
  if (req.method !== 'PATCH') return methodNotAllowed(req.method);
  const body = req.body as Record<string, unknown> | undefined;
  if (typeof body !== 'object' || body === null)
    return armError(400, 'InvalidParameter', 'The request body is required.');
  if (vm.vm?.operationId) {
    return armError(
      409,
      'AnotherOperationInProgress',
      `Operation 'Update VM' is not allowed on VM '${vm.name}' since VM has another operation (ID ${vm.vm.operationId}) in progress. Retry after some time.`,
    );
  }
  let identity: IdentityPlan | undefined;
  if (body.identity !== undefined && body.identity !== null) {
    const legacy = checkLegacyIdentity(req.apiVersion ?? '', body.identity);
    if (legacy) return legacy;
    const planned = planIdentityPatch(
      { store: ctx.store, resource: vm, callerOid: req.callerOid, badRequestCode: 'InvalidParameter' },
      body.identity,
    );
    if (!planned.ok) return planned.response;
    identity = planned.plan;
  }
  const outcome = vm.vm?.nextOperationOutcome;
  if (vm.vm) delete vm.vm.nextOperationOutcome;
  const operation: VmOperation = {
    id: randomUUID(),
    vmKey: vm.id.toLowerCase(),
    status: 'InProgress',
    pollsLeft: ctx.options.vmLroPolls,
    startTime: new Date().toISOString(),
    change: { ...(identity ? { identity } : {}), ...(isStringRecord(body.tags) ? { tags: body.tags } : {}) },
    ...(outcome ? { outcome } : {}),
  };
  ctx.store.operations.set(operation.id, operation);
  if (vm.vm) Object.assign(vm.vm, { provisioningState: 'Updating', operationId: operation.id });
  return answerUpdate(ctx, req, vm, operation);
}

/** VirtualMachines_Update lists only 200; the knob keeps the other shapes a client meets (types.ts). */
function answerUpdate(
  ctx: HandlerContext,
  req: ArmRequest,
  vm: SandboxResource,
  operation: VmOperation,
): ArmResponse {
  const answer = ctx.options.vmUpdateAnswer;
  if (answer === 'completed' && !operation.outcome) {
    operation.pollsLeft = 0;
    advance(ctx, operation, vm);
    return ok(renderVirtualMachine(ctx.store, vm));
  }
  const urls = operationUrls(ctx.url, vm, operation.id, req.apiVersion ?? '');
  const headers = {
    'azure-asyncoperation': urls.asyncOperation,
    location: urls.location,
    'retry-after': String(ctx.options.retryAfterSeconds),
  };
  // The body shows the VM as it is while the change runs: Updating, its identity not yet changed.
  if (answer === 'accepted') return { status: 202, headers };
  return { status: 200, body: renderVirtualMachine(ctx.store, vm), headers };
}

function checkLegacyIdentity(apiVersion: string, identity: unknown): ArmResponse | undefined {
  const given = identity as Record<string, unknown>;
  if ('identityIds' in given) {
    return armError(
      400,
      'InvalidParameter',
      "The property 'identityIds' is not supported; use 'userAssignedIdentities' (api-version 2018-06-01 or later).",
    );
  }
  const wantsUser = typeof given.type === 'string' && /userassigned/i.test(given.type);
  if (
    (wantsUser || 'userAssignedIdentities' in given) &&
    compareApiVersions(apiVersion, FIRST_USER_ASSIGNED_API_VERSION) < 0
  ) {
    return armError(
      400,
      'InvalidParameter',
      `User-assigned identities need api-version ${FIRST_USER_ASSIGNED_API_VERSION} or later; the request used ${apiVersion}.`,
    );
  }
  return undefined;
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return (
    typeof value === 'object' && value !== null && Object.values(value).every((v) => typeof v === 'string')
  );
}
