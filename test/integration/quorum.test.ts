import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AUTOMATION_ACCOUNT_PLAIN } from '../../dev/armSandbox/seed.js';
import { LOCAL_POLICY } from '../../dev/localPolicy.js';
import { APPROVER_GROUP } from '../../dev/callers.js';
import { APPROVER, GROUP_APPROVER, ROLE_APPROVER } from '../support/callers.js';
import { type TestBroker, startTestBroker, writes } from '../support/testBroker.js';

const RG = AUTOMATION_ACCOUNT_PLAIN.split('/providers/')[0] as string;

let broker: TestBroker;
beforeAll(async () => {
  broker = await startTestBroker({
    policy: {
      ...LOCAL_POLICY,
      version: 2,
      scopes: [
        { scope: '/', quorum: 2 },
        // Targets in this group need two approvers, each named here: the app role alone does not answer for it.
        { scope: RG, quorum: 2, approvers: [APPROVER.id, `group:${APPROVER_GROUP}`] },
      ],
    },
  });
});
afterAll(() => broker.close());
beforeEach(() => broker.reset());

const body = {
  target: AUTOMATION_ACCOUNT_PLAIN,
  operations: [{ kind: 'enableSystemAssignedIdentity' }],
  justification: 'runbook identity',
};

describe('a quorum of 2 through the handlers', () => {
  it('waits after the first approval, counts one approver once, refuses an approver of other scopes, executes after the second', async () => {
    const { id } = (await broker.submit(body)).json;
    const first = await broker.approve(id, APPROVER, { comment: 'one' });
    expect([first.status, first.json.state, first.json.approvals]).toEqual([
      200,
      'awaitingApproval',
      { required: 2, received: 1, missing: 1 },
    ]);
    expect((await broker.approve(id, APPROVER, { comment: 'again' })).status).toBe(409);
    expect((await broker.approve(id, ROLE_APPROVER)).status).toBe(403);
    await broker.run();
    expect(broker.armCalls(writes)).toEqual([]);
    const second = await broker.approve(id, GROUP_APPROVER, { comment: 'two' });
    expect([second.status, second.json.state]).toEqual([200, 'approved']);
    await broker.run();
    const done = (await broker.get(id)).json;
    expect(done.state).toBe('succeeded');
    expect(done.decisions.map((d: { by: { id: string } }) => d.by.id)).toEqual([
      APPROVER.id,
      GROUP_APPROVER.id,
    ]);
    expect(done.history.map((e: { type: string }) => e.type)).toContain('approvalRecorded');
  });
});
