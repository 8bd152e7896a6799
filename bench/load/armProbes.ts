import { DefaultAzureCredential } from '@azure/identity';
import { benchAutomationAccount } from '../../dev/armSandbox/seed.js';
import { ARM_WRITE_BUCKET_DEFAULT } from '../../src/armBudgetSettings.js';
import { createArmBudget } from '../../src/adapters/arm/armBudget.js';
import { AUTOMATION_API_VERSION } from '../../src/adapters/arm/automationAccountIdentity.js';
import { lazyArmGateway } from '../../src/adapters/arm/lazyArmGateway.js';
import { jsonClient } from './httpJson.js';
import type { Probe } from './tableProbes.js';

/**
 * ARM exchanges on the sandbox: the floor (a keep-alive GET over node:https with a bearer token, its JSON
 * parsed) and the broker's own gateway, built as src/wiring.ts builds it (lazily, with the write-budget view in
 * every client's pipeline), its token from the managed-identity endpoint through DefaultAzureCredential. Worker
 * `w` reads and changes bench account `w` only, so no two PATCHes meet on one account.
 */
export function armProbes({ url, ca, token }: { url: string; ca: string; token: string }) {
  const bare = jsonClient(url, { ca });
  const credential = new DefaultAzureCredential();
  const budget = createArmBudget({
    write: ARM_WRITE_BUCKET_DEFAULT,
    delete: ARM_WRITE_BUCKET_DEFAULT,
    now: () => Date.now(),
  });
  const gateway = lazyArmGateway(async () =>
    (await import('../../src/adapters/arm/createArmGateway.js')).createArmGateway(
      credential,
      { endpoint: url, ca },
      budget,
    ),
  );
  const enabled = new Set<number>();
  const probes: Record<string, Probe> = {
    bareArmGet: async (w) => {
      const answer = await bare.send(
        'GET',
        `${benchAutomationAccount(w)}?api-version=${AUTOMATION_API_VERSION}`,
        { authorization: `Bearer ${token}` },
      );
      if (answer.status !== 200) throw new Error(`bare ARM GET answered ${answer.status}: ${answer.body}`);
      JSON.parse(answer.body);
    },
    gatewayRead: async (w) => {
      if (!(await gateway.getTargetIdentity(benchAutomationAccount(w), 'automationAccount')))
        throw new Error(`the gateway found no account ${w}`);
    },
    // Enables the system identity where it is off and disables it where it is on, as the load's requests do.
    gatewayPatch: async (w) => {
      const on = enabled.has(w);
      const update = await gateway.beginIdentityUpdate(benchAutomationAccount(w), 'automationAccount', {
        identity: { type: on ? 'None' : 'SystemAssigned' },
      });
      if (update.status !== 'done') throw new Error(`the PATCH of account ${w} did not finish at once`);
      if (on) enabled.delete(w);
      else enabled.add(w);
    },
  };
  return { probes, close: bare.close };
}
