import { renderIdentity } from './identityPatch.js';
import type { SandboxResource, SandboxStore } from './store.js';

/** A VM as ARM returns it; no `identity` key when it has none. */
export function renderVirtualMachine(store: SandboxStore, vm: SandboxResource): Record<string, unknown> {
  const group = vm.id.split('/').slice(0, 5).join('/');
  const disk = `${vm.name}_OsDisk_1`;
  const identity = renderIdentity(store, vm);
  return {
    name: vm.name,
    id: vm.id,
    type: 'Microsoft.Compute/virtualMachines',
    location: vm.location,
    tags: vm.tags,
    ...(identity ? { identity } : {}),
    properties: {
      vmId: vm.vm?.vmId,
      hardwareProfile: { vmSize: vm.vm?.vmSize },
      storageProfile: {
        imageReference: {
          publisher: 'Canonical',
          offer: 'ubuntu-24_04-lts',
          sku: 'server',
          version: 'latest',
        },
        osDisk: {
          osType: 'Linux',
          name: disk,
          createOption: 'FromImage',
          caching: 'ReadWrite',
          managedDisk: {
            storageAccountType: 'Premium_LRS',
            id: `${group}/providers/Microsoft.Compute/disks/${disk}`,
          },
          deleteOption: 'Delete',
          diskSizeGB: 30,
        },
        dataDisks: [],
      },
      osProfile: {
        computerName: vm.name,
        adminUsername: 'azureuser',
        linuxConfiguration: { disablePasswordAuthentication: true, provisionVMAgent: true },
        secrets: [],
        allowExtensionOperations: true,
      },
      networkProfile: {
        networkInterfaces: [{ id: `${group}/providers/Microsoft.Network/networkInterfaces/${vm.name}-nic` }],
      },
      provisioningState: vm.vm?.provisioningState,
      timeCreated: vm.createdAt,
    },
  };
}
