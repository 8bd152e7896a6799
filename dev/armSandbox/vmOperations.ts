import { armError, methodNotAllowed, ok, type ArmResponse } from './armResponse.js';
import { applyIdentityPlan } from './identityPatch.js';
import type { SandboxResource, VmOperation, VmOperationOutcome } from './store.js';
import type { ArmRequest, HandlerContext } from './types.js';
import { renderVirtualMachine } from './virtualMachineBody.js';

/** The polling URLs a VM PATCH answers with: the operation status and the `Location` monitor. */
export function operationUrls(base: string, vm: SandboxResource, operationId: string, apiVersion: string) {
  const subscription = vm.id.split('/')[2];
  const path = `${base}/subscriptions/${subscription}/providers/Microsoft.Compute/locations/${vm.location}/operations/${operationId}`;
  return {
    asyncOperation: `${path}?api-version=${apiVersion}`,
    location: `${path}?monitor=true&api-version=${apiVersion}`,
  };
}

/**
 * Time passes in the sandbox only as requests arrive: any request about the VM moves its running operation on,
 * so an operation whose poller was lost (a crash before its state was saved) still finishes, as it would in Azure.
 */
export function advanceRunningOperation(ctx: HandlerContext, vm: SandboxResource): void {
  const operation = vm.vm?.operationId
    ? ctx.store.operations.get(vm.vm.operationId.toLowerCase())
    : undefined;
  if (operation) advance(ctx, operation, vm);
}

/**
 * GET .../locations/{loc}/operations/{id}: each poll (of either URL) uses one of `vmLroPolls`; the poll after the
 * last one finishes the operation and applies the change to the VM, or ends it as `Failed`/`Canceled` with the
 * error body of the Azure-AsyncOperation spec (`{ name, status, startTime, endTime, error: { code, message } }`);
 * the `Location` monitor then answers that error with a 4xx.
 */
export function handleVmOperation(ctx: HandlerContext, req: ArmRequest, operationId: string): ArmResponse {
  if (req.method !== 'GET') return methodNotAllowed(req.method);
  const operation = ctx.store.operations.get(operationId.toLowerCase());
  const vm = operation && ctx.store.resources.get(operation.vmKey);
  if (!operation || !vm)
    return armError(404, 'OperationNotFound', `The operation '${operationId}' was not found.`);
  advance(ctx, operation, vm);
  const running = operation.status === 'InProgress';
  const retryAfter = { 'retry-after': String(ctx.options.retryAfterSeconds) };
  if (req.query.monitor === 'true') {
    if (operation.status === 'Failed' || operation.status === 'Canceled') return monitorError(operation);
    if (!running) return ok(renderVirtualMachine(ctx.store, vm));
    const { location } = operationUrls(ctx.url, vm, operation.id, req.apiVersion ?? '');
    return { status: 202, headers: { ...retryAfter, location } };
  }
  const body = {
    name: operation.id,
    status: operation.status,
    startTime: operation.startTime,
    ...(operation.endTime ? { endTime: operation.endTime } : {}),
    ...(operation.error ? { error: operation.error } : {}),
  };
  return running ? { status: 200, body, headers: retryAfter } : ok(body);
}

export function advance(ctx: HandlerContext, operation: VmOperation, vm: SandboxResource): void {
  if (operation.status !== 'InProgress') return;
  if (operation.pollsLeft > 0) {
    operation.pollsLeft -= 1;
    return;
  }
  if (operation.outcome) return endUnsuccessfully(operation, operation.outcome, vm);
  const { identity, tags } = operation.change;
  if (identity) applyIdentityPlan(ctx.store, vm, identity, ctx.options.replicationDelayAttempts);
  if (tags) vm.tags = tags;
  vm.updatedAt = new Date().toISOString();
  if (vm.vm) {
    vm.vm.provisioningState = 'Succeeded';
    delete vm.vm.operationId;
  }
  operation.status = 'Succeeded';
  operation.endTime = vm.updatedAt;
}

/** A Failed or Canceled operation changes nothing; a failed one leaves the VM `Failed`, as Compute does. */
function endUnsuccessfully(operation: VmOperation, outcome: VmOperationOutcome, vm: SandboxResource): void {
  operation.status = outcome.status;
  // A failed operation always says why; a canceled one may carry no error at all.
  const error =
    outcome.error ??
    (outcome.status === 'Failed'
      ? { code: 'InternalOperationError', message: 'The operation failed.' }
      : undefined);
  if (error) operation.error = error;
  operation.endTime = new Date().toISOString();
  if (vm.vm) {
    vm.vm.provisioningState = outcome.status === 'Failed' ? 'Failed' : 'Succeeded';
    delete vm.vm.operationId;
  }
}

function monitorError(operation: VmOperation): ArmResponse {
  const { code, message } = operation.error ?? {
    code: 'OperationCanceled',
    message: 'The operation was canceled.',
  };
  return armError(operation.status === 'Canceled' ? 409 : 400, code, message);
}
