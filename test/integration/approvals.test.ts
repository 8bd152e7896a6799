import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AUTOMATION_ACCOUNT_PLAIN } from '../../dev/armSandbox/seed.js';
import { APPROVER, REQUESTER, ROLE_APPROVER, STRANGER } from '../support/callers.js';
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

async function submitted() {
  const response = await broker.submit(body);
  expect(response.status).toBe(202);
  return response.json as { id: string; etag: string };
}

describe('approvals', () => {
  it('refuses approval by the requester, even when the requester is also an approver', async () => {
    const { id } = await submitted();
    expect((await broker.approve(id, REQUESTER)).status).toBe(403);
    const approverOwn = await broker.submit(body, { as: APPROVER });
    const selfApproval = await broker.approve(approverOwn.json.id, APPROVER);
    expect(selfApproval.status).toBe(403);
    expect(selfApproval.json.detail).toBe('you cannot approve your own request');
    expect((await broker.get(approverOwn.json.id, APPROVER)).json.state).toBe('awaitingApproval');
  });

  it('lets an approver named by UPN or by app role approve, recording who, when and the comment', async () => {
    const { id, etag } = await submitted();
    const approved = await broker.call('POST', `/api/identity-requests/${id}/approve`, {
      as: ROLE_APPROVER,
      body: { comment: 'ok for the nightly run' },
      headers: { 'if-match': etag },
    });
    expect(approved.status).toBe(200);
    expect(approved.json.state).toBe('approved');
    expect(approved.json.decisions).toEqual([
      {
        decision: 'approved',
        by: { id: ROLE_APPROVER.id, name: ROLE_APPROVER.name },
        at: broker.clock.now().toISOString(),
        comment: 'ok for the nightly run',
        version: 3,
      },
    ]);
    await broker.run();
    expect((await broker.get(id)).json.state).toBe('succeeded');
  });

  it('answers 409 to an approval of a request that is not awaiting approval', async () => {
    const { id } = await submitted();
    expect((await broker.approve(id)).status).toBe(200);
    const again = await broker.approve(id);
    expect(again.status).toBe(409);
    expect(again.headers['content-type']).toBe('application/problem+json');
    expect(again.json).toMatchObject({ status: 409, title: 'The request is approved' });
    await broker.run();
    expect((await broker.approve(id)).status).toBe(409);
  });

  it('refuses a decision on a version the approver did not see (If-Match)', async () => {
    const { id } = await submitted();
    const stale = await broker.call('POST', `/api/identity-requests/${id}/approve`, {
      as: APPROVER,
      body: {},
      headers: { 'if-match': '"2"' },
    });
    expect(stale.status).toBe(412);
    expect((await broker.get(id)).json.state).toBe('awaitingApproval');
  });

  it('hides a request from callers who are neither its requester nor an approver', async () => {
    const { id } = await submitted();
    expect((await broker.get(id, STRANGER)).status).toBe(404);
    expect((await broker.approve(id, STRANGER)).status).toBe(404);
  });

  it('rejects with a required comment, and the requester can cancel before applying only', async () => {
    const first = await submitted();
    const noComment = await broker.call('POST', `/api/identity-requests/${first.id}/reject`, {
      as: APPROVER,
      body: {},
    });
    expect(noComment.status).toBe(400);
    expect(noComment.json.errors).toEqual([{ path: 'comment', message: expect.any(String) }]);
    const rejected = await broker.call('POST', `/api/identity-requests/${first.id}/reject`, {
      as: APPROVER,
      body: { comment: 'use a narrower scope' },
    });
    expect(rejected.json).toMatchObject({
      state: 'rejected',
      decisions: [{ decision: 'rejected', comment: 'use a narrower scope' }],
    });

    const second = await submitted();
    expect(
      (await broker.call('POST', `/api/identity-requests/${second.id}/cancel`, { as: APPROVER })).status,
    ).toBe(403);
    const cancelled = await broker.call('POST', `/api/identity-requests/${second.id}/cancel`, {
      as: REQUESTER,
    });
    expect(cancelled.json.state).toBe('cancelled');

    const third = await submitted();
    await broker.approve(third.id);
    await broker.run();
    expect(
      (await broker.call('POST', `/api/identity-requests/${third.id}/cancel`, { as: REQUESTER })).status,
    ).toBe(409);
  });

  it('expires a request nobody decided within the approval timeout', async () => {
    const { id } = await submitted();
    const deadline = (await broker.get(id)).json.approvalExpiresAt;
    expect(Date.parse(deadline) - broker.clock.now().getTime()).toBe(24 * 3600_000);
    broker.clock.advanceTo(deadline);
    expect((await broker.approve(id)).status).toBe(409); // past the deadline no decision is taken, swept or not
    await broker.host.runTimer('sweepRequests');
    await broker.run();
    const expired = (await broker.get(id)).json;
    expect(expired.state).toBe('expired');
    expect(expired.history.at(-1)).toMatchObject({ type: 'requestExpired', at: deadline });
    expect((await broker.approve(id)).status).toBe(409);
    expect(broker.armCalls((e) => e.method !== 'GET')).toEqual([]);
  });

  it('returns the same request for a repeated Idempotency-Key and body, and 409 for the key with another body', async () => {
    const headers = { 'idempotency-key': 'ticket-RITM0012345' };
    const first = await broker.submit(body, { headers });
    const again = await broker.submit(body, { headers });
    expect(again.status).toBe(202);
    expect(again.json.id).toBe(first.json.id);
    const other = await broker.submit({ ...body, justification: 'something else' }, { headers });
    expect(other.status).toBe(409);
    expect(other.json.title).toBe('Idempotency-Key reused');
    // Keys belong to their caller: another caller's same key is a new request.
    const theirs = await broker.submit(body, { as: APPROVER, headers });
    expect(theirs.json.id).not.toBe(first.json.id);
  });

  it('keeps the full history in order, with actors', async () => {
    const { id } = await submitted();
    await broker.approve(id);
    await broker.run();
    const done = (await broker.get(id)).json;
    expect(
      done.history.map((e: { sequence: number; type: string; actor: string }) => [
        e.sequence,
        e.type,
        e.actor,
      ]),
    ).toEqual([
      [1, 'requestSubmitted', REQUESTER.id],
      [2, 'policyEvaluated', REQUESTER.id],
      [3, 'approvalRequested', REQUESTER.id],
      [4, 'requestApproved', APPROVER.id],
      [5, 'policyEvaluated', 'identity-broker'],
      [6, 'applyStarted', 'identity-broker'],
      [7, 'stepSucceeded', 'identity-broker'],
      [8, 'requestSucceeded', 'identity-broker'],
    ]);
    expect(done.etag).toBe('"8"');
  });
});
