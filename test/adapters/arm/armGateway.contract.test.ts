import { afterAll, beforeAll } from 'vitest';
import * as seed from '../../../dev/armSandbox/seed.js';
import { createArmGateway } from '../../../src/adapters/arm/createArmGateway.js';
import { armGatewayContract } from '../../contracts/armGatewayContract.js';
import { startTestSandboxes, type TestSandboxes } from '../../dev/support/testSandboxes.js';

// The real gateway: the SDK clients over HTTPS to the ARM sandbox, tokens from the managed-identity sandbox.
let s: TestSandboxes;
beforeAll(async () => {
  s = await startTestSandboxes();
});
afterAll(() => s.close());

armGatewayContract('the ARM gateway on the sandbox', async () => {
  s.arm.reset();
  return {
    arm: createArmGateway(s.credential, { endpoint: s.arm.url, ca: s.arm.ca }),
    subscriptionId: seed.SUBSCRIPTION_ID,
    plainAccount: seed.AUTOMATION_ACCOUNT_PLAIN,
    plainVm: seed.VM_PLAIN,
    identity: seed.UAI_RUNBOOKS.id,
    otherIdentity: seed.UAI_REPORTING.id,
    group: seed.RG_IDENTITIES,
    resourceInGroup: seed.UAI_REPORTING.id,
    delayPrincipal: (principalId, attempts) => s.arm.faults.delayPrincipal(principalId, attempts),
    setVmPolls: (looks) => void (s.arm.options.vmLroPolls = looks),
  };
});
