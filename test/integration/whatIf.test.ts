import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AUTOMATION_ACCOUNT_PLAIN, SUBSCRIPTION_SCOPE } from '../../dev/armSandbox/seed.js';
import { OPERATIONS_QUEUE } from '../../src/adapters/serviceBus/queueNames.js';
import { APPROVER } from '../support/callers.js';
import { type TestBroker, startTestBroker, writes } from '../support/testBroker.js';

let broker: TestBroker;
beforeAll(async () => {
  broker = await startTestBroker();
});
afterAll(() => broker.close());
beforeEach(() => broker.reset());

// A broad grant at subscription scope: the plan carries a warning as well as its calls.
const body = {
  target: AUTOMATION_ACCOUNT_PLAIN,
  operations: [
    { kind: 'enableSystemAssignedIdentity' },
    { kind: 'assignRole', principal: 'systemAssigned', role: 'Reader', scope: SUBSCRIPTION_SCOPE },
  ],
  justification: 'inventory runbook reads the subscription',
};

const whatIf = (payload: unknown) => broker.call('POST', '/api/identity-requests/plan', { body: payload });

async function listed(): Promise<unknown[]> {
  return (await broker.call('GET', '/api/identity-requests', { as: APPROVER })).json.items;
}

describe('what-if: POST /api/identity-requests/plan', () => {
  it('answers the plan, the policy decision with its reasons and its approvers, and stores nothing', async () => {
    const answer = await whatIf(body);
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({
      target: AUTOMATION_ACCOUNT_PLAIN,
      targetKind: 'automationAccount',
      operations: body.operations,
      policy: { decision: 'approvalRequired', approvers: expect.arrayContaining([APPROVER.id]) },
    });
    expect(answer.json.policy.reasons.length).toBeGreaterThan(0);
    expect(answer.json.plan.steps.map((s: { kind: string }) => s.kind)).toEqual([
      'updateIdentity',
      'assignRole',
    ]);
    expect(answer.json.plan.warnings.join(' ')).toContain('subscription scope');
    expect(answer.json).not.toHaveProperty('id');
    expect(answer.headers).not.toHaveProperty('location');
    expect(await listed()).toEqual([]);
    expect(broker.armCalls(writes)).toEqual([]);
    expect(broker.bus.pending(OPERATIONS_QUEUE)).toEqual([]);
  });

  it('matches the plan and policy of the real submission that follows', async () => {
    const preview = await whatIf(body);
    const submitted = await broker.submit(body);
    expect(submitted.status).toBe(202);
    expect(preview.json.plan).toEqual(submitted.json.plan);
    expect(preview.json.policy).toEqual(submitted.json.policy);
    expect(preview.json.operations).toEqual(submitted.json.operations);
  });

  it('says a forbidden role would be denied, with the reason', async () => {
    const answer = await whatIf({
      ...body,
      operations: [body.operations[0], { ...body.operations[1], role: 'Owner' }],
    });
    expect(answer.status).toBe(200);
    expect(answer.json.policy.decision).toBe('denied');
    expect(answer.json.policy.reasons.join(' ')).toContain("'Owner' is never granted");
    expect(await listed()).toEqual([]);
  });

  it('refuses an invalid body as a submission would: 400 problem naming each field', async () => {
    const answer = await whatIf({ ...body, requestedBy: 'someone', justification: '' });
    expect(answer.status).toBe(400);
    expect(answer.headers['content-type']).toBe('application/problem+json');
    expect(answer.json.errors).toEqual(
      expect.arrayContaining([
        { path: 'requestedBy', message: 'is not allowed here (unknown field)' },
        { path: 'justification', message: 'is required' },
      ]),
    );
  });

  it('answers 422 for a plan that cannot be carried out, as a submission would', async () => {
    const answer = await whatIf({
      ...body,
      target: AUTOMATION_ACCOUNT_PLAIN.replace('aa-patching', 'aa-missing'),
    });
    expect(answer.status).toBe(422);
    expect(answer.json.errors).toEqual([{ path: 'target', message: 'does not exist' }]);
  });

  it('refuses an anonymous caller', async () => {
    expect((await broker.call('POST', '/api/identity-requests/plan', { as: null, body })).status).toBe(401);
  });
});
