import * as seed from '../../dev/armSandbox/seed.js';
import { armGatewayContract } from '../contracts/armGatewayContract.js';
import { FakeArm } from './fakeArm.js';

// The same IDs as the sandbox's seed: the fake holds what the contract needs of it, and nothing else.
armGatewayContract('FakeArm', async () => {
  const arm = new FakeArm()
    .addTarget(seed.AUTOMATION_ACCOUNT_PLAIN)
    .addTarget(seed.VM_PLAIN, { kind: 'virtualMachine' });
  arm.addUserAssignedIdentity(seed.UAI_RUNBOOKS.id);
  arm.addUserAssignedIdentity(seed.UAI_REPORTING.id);
  return {
    arm,
    subscriptionId: seed.SUBSCRIPTION_ID,
    plainAccount: seed.AUTOMATION_ACCOUNT_PLAIN,
    plainVm: seed.VM_PLAIN,
    identity: seed.UAI_RUNBOOKS.id,
    otherIdentity: seed.UAI_REPORTING.id,
    group: seed.RG_IDENTITIES,
    resourceInGroup: seed.UAI_REPORTING.id,
    delayPrincipal: (principalId, attempts) => arm.delayPrincipal(principalId, attempts),
    setVmPolls: (looks) => void (arm.vmPolls = looks),
  };
});
