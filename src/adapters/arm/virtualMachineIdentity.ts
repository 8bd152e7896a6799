import { type ComputeManagementClient, restorePoller } from '@azure/arm-compute';
import type { IdentityPatchBody, TargetIdentity } from '../../core/identity.js';
import type { IdentityUpdate } from '../../core/ports.js';
import { parseResourceId } from '../../core/resourceId.js';
import { pollOnce, unsuccessfulOperation } from './operationOutcome.js';
import { armCall, isNotFound } from './toArmError.js';
import { toTargetIdentity } from './toTargetIdentity.js';

type VmPoller = ReturnType<ComputeManagementClient['virtualMachines']['update']>;

function vmName(target: string): { resourceGroup: string; name: string } {
  const id = parseResourceId(target);
  if (!id.ok || !id.value.resourceGroup || !id.value.name) throw new Error(`not a VM ID: ${target}`);
  return { resourceGroup: id.value.resourceGroup, name: id.value.name };
}

/**
 * A VM identity change is a long-running operation. The executor must not wait it out under a
 * message lock, so one call sends the PATCH (or takes one look) and hands back the poller's
 * serialized state to resume from later.
 */
async function progressOf(poller: VmPoller): Promise<IdentityUpdate> {
  // An answer that already says Failed or Canceled has no VM in it to report.
  const failed = unsuccessfulOperation(poller);
  if (failed) throw failed;
  if (!poller.isDone) return { status: 'inProgress', resumeToken: await poller.serialize() };
  return { status: 'done', identity: toTargetIdentity(poller.result?.identity) };
}

export function virtualMachineIdentity(
  client: (target: string) => ComputeManagementClient,
  pollIntervalMs = 2000,
) {
  return {
    async get(target: string): Promise<TargetIdentity | undefined> {
      const { resourceGroup, name } = vmName(target);
      try {
        const vm = await armCall(() => client(target).virtualMachines.get(resourceGroup, name));
        const identity = toTargetIdentity(vm.identity);
        return vm.provisioningState?.toLowerCase() === 'updating'
          ? { ...identity, updating: true }
          : identity;
      } catch (e) {
        if (isNotFound(e)) return undefined;
        throw e;
      }
    },
    async beginUpdate(target: string, body: IdentityPatchBody): Promise<IdentityUpdate> {
      const { resourceGroup, name } = vmName(target);
      const identity = body.identity as NonNullable<
        Parameters<ComputeManagementClient['virtualMachines']['update']>[2]['identity']
      >;
      const poller = client(target).virtualMachines.update(
        resourceGroup,
        name,
        { identity },
        { updateIntervalInMs: pollIntervalMs },
      );
      await armCall(() => poller.submitted());
      return progressOf(poller);
    },
    async resume(target: string, resumeToken: string): Promise<IdentityUpdate> {
      const vms = client(target);
      const poller = restorePoller(vms, resumeToken, vms.virtualMachines.update, {
        updateIntervalInMs: pollIntervalMs,
      });
      await pollOnce(vms, poller);
      return progressOf(poller);
    },
  };
}
