import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AUTOMATION_ACCOUNT_PLAIN } from '../../dev/armSandbox/seed.js';
import { APPROVER, GROUP_APPROVER, STRANGER } from '../support/callers.js';
import { type TestBroker, startTestBroker } from '../support/testBroker.js';
import { expectLedgerMatchesArm } from '../support/ledgerCheck.js';

let broker: TestBroker;
beforeAll(async () => {
  broker = await startTestBroker();
});
afterAll(() => broker.close());
// Every assignment Azure holds for the broker is held by a live request, and no record claims more.
afterEach(() => expectLedgerMatchesArm(broker));
beforeEach(() => broker.reset());

const body = {
  target: AUTOMATION_ACCOUNT_PLAIN,
  operations: [{ kind: 'enableSystemAssignedIdentity' }],
  justification: 'runbook identity',
};

async function submitted(): Promise<string> {
  const response = await broker.submit(body);
  expect(response.status).toBe(202);
  return response.json.id as string;
}

describe('approvers are identities, never names', () => {
  it("refuses a caller whose name header reads an approver's UPN", async () => {
    const id = await submitted();
    const impostor = { ...STRANGER, name: APPROVER.name as string };
    const attempt = await broker.approve(id, impostor);
    expect(attempt.status).not.toBe(200);
    expect([403, 404]).toContain(attempt.status);
    expect((await broker.get(id)).json.state).toBe('awaitingApproval');
  });

  it('lets a member of a group the policy names approve, through the groups claim', async () => {
    const id = await submitted();
    const approved = await broker.approve(id, GROUP_APPROVER, { comment: 'group review' });
    expect(approved.status).toBe(200);
    expect(approved.json.decisions).toEqual([
      expect.objectContaining({
        decision: 'approved',
        by: { id: GROUP_APPROVER.id, name: GROUP_APPROVER.name },
      }),
    ]);
    await broker.run();
    expect((await broker.get(id)).json.state).toBe('succeeded');
  });

  it('refuses a caller who is not in the group, whatever its other claims say', async () => {
    const id = await submitted();
    const outsider = { ...STRANGER, roles: [`group:${GROUP_APPROVER.groups[0]}`], groups: [] };
    expect((await broker.approve(id, outsider)).status).toBe(404);
  });
});
