import { it } from 'vitest';
import { AUTOMATION_ACCOUNT_WITH_IDENTITIES, KEY_VAULT, UAI_REPORTING } from '../../dev/armSandbox/seed.js';
import { REQUESTER } from '../support/callers.js';
import { startTestBroker } from '../support/testBroker.js';
it('dbg', async () => {
  const broker = await startTestBroker();
  const s = await broker.submit({
    target: AUTOMATION_ACCOUNT_WITH_IDENTITIES,
    operations: [
      {
        kind: 'assignRole',
        principal: UAI_REPORTING.id,
        role: 'Key Vault Secrets User',
        scope: KEY_VAULT,
        duration: 'PT8H',
      },
    ],
    justification: 'x',
  });
  await broker.approve(s.json.id);
  await broker.bus.drain({ maxDeliveries: 10 });
  const r = await broker.call('POST', `/api/identity-requests/${s.json.id}/revoke`, {
    as: REQUESTER,
    body: { comment: 'c' },
  });
  console.log(r.status, JSON.stringify(r.json).slice(0, 200));
  console.log(broker.bus.pending('identity-operations').map((m) => [m.messageId, m.availableAt]));
  console.log(await broker.bus.drain({ maxDeliveries: 10 }));
  console.log(broker.logs.slice(-5).join('\n'));
  await broker.close();
});
