import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AUTOMATION_ACCOUNT_WITH_IDENTITIES, KEY_VAULT, UAI_REPORTING } from '../../dev/armSandbox/seed.js';
import { APPROVER, REQUESTER } from '../support/callers.js';
import { FaultPlan } from '../support/faultPoints.js';
import { FaultDriver, seededRandom } from '../support/faultRun.js';
import { expectLedgerMatchesArm } from '../support/ledgerCheck.js';
import { type ApiResponse, type TestBroker, startTestBroker } from '../support/testBroker.js';

const SEED = Number(process.env.FAULT_SEED ?? 20261204);
const ROUNDS = Number(process.env.DECISION_ROUNDS ?? 60);

let broker: TestBroker;
let driver: FaultDriver;
/** The deadline passes right after this many more reads of a request: between the decisions' loads and commits. */
let deadlineAfterReads: { reads: number; at: Date; passed: () => void } | undefined;
beforeAll(async () => {
  broker = await startTestBroker({
    wrapStore: (store) => ({
      ...store,
      async get(id) {
        const read = await store.get(id);
        if (deadlineAfterReads && --deadlineAfterReads.reads === 0) {
          broker.clock.advanceTo(deadlineAfterReads.at);
          deadlineAfterReads.passed();
          deadlineAfterReads = undefined;
        }
        return read;
      },
    }),
  });
  driver = new FaultDriver(broker, new FaultPlan());
  await broker.reset();
});
afterAll(() => broker.close());
afterEach(() => expectLedgerMatchesArm(broker));

const DECISIONS = ['requestApproved', 'requestRejected', 'requestCancelled', 'requestExpired'];
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('approve, reject, cancel and expiry fired at one request at once', () => {
  it(`lets exactly one win in each of ${ROUNDS} rounds, and writes to ARM only when approve won`, async () => {
    const random = seededRandom(SEED);
    const wins: Record<string, number> = {};
    for (let round = 0; round < ROUNDS; round++) {
      const submitted = await broker.submit({
        target: AUTOMATION_ACCOUNT_WITH_IDENTITIES,
        operations: [
          {
            kind: 'assignRole',
            principal: UAI_REPORTING.id,
            role: 'Key Vault Secrets User',
            scope: KEY_VAULT,
            duration: 'PT1H',
          },
        ],
        justification: 'race',
      });
      expect(submitted.status).toBe(202);
      const { id, approvalExpiresAt, etag } = submitted.json as {
        id: string;
        approvalExpiresAt: string;
        etag: string;
      };
      const context = `seed ${SEED}, round ${round}, request ${id}`;
      broker.sandboxes.arm.clearLog();
      // Half the callers say which version they saw: a loser among them is told 412, the others 409.
      const seen = () => (random() < 0.5 ? { 'if-match': etag } : undefined);
      const decide = (path: string, as: typeof APPROVER, body: unknown, headers = seen()) =>
        wait(Math.floor(random() * 4)).then(() =>
          broker.call('POST', `/api/identity-requests/${id}/${path}`, {
            as,
            body,
            ...(headers ? { headers } : {}),
          }),
        );
      // The deadline passes after the first, second or third decision has read the request (or after all
      // three are done); then the sweeper and the executor expire it, while the others are still in flight.
      const passed = new Promise<void>((resolve) => {
        deadlineAfterReads = {
          reads: 1 + Math.floor(random() * 4),
          at: new Date(approvalExpiresAt),
          passed: resolve,
        };
      });
      const calls = Promise.all([
        decide('approve', APPROVER, { comment: 'go' }),
        decide('reject', APPROVER, { comment: 'no' }),
        decide('cancel', REQUESTER, {}),
      ]);
      const expiry = Promise.race([passed, calls]).then(async () => {
        broker.clock.advanceTo(
          new Date(Math.max(broker.clock.now().getTime(), Date.parse(approvalExpiresAt))),
        );
        await broker.host.runTimer('sweepRequests');
        await broker.bus.drain({ maxDeliveries: 20 });
      });
      const [[approve, reject, cancel]] = (await Promise.all([calls, expiry])) as [
        [ApiResponse, ApiResponse, ApiResponse],
        void,
      ];
      deadlineAfterReads = undefined;
      await driver.settle(id);

      const request = (await broker.get(id)).json;
      const decided = (request.history as Array<{ type: string }>)
        .map((e) => e.type)
        .filter((type) => DECISIONS.includes(type));
      // One decision ends the wait; the requester may still cancel an approved request before it applies.
      const outcome = decided.join(' then ');
      expect(['requestApproved then requestCancelled', ...DECISIONS], `${context}: ${outcome}`).toContain(
        outcome,
      );
      wins[outcome] = (wins[outcome] ?? 0) + 1;
      // What ended the wait came before the deadline, unless it was the expiry (a cancel of the approved
      // request may come later: the deadline is for deciding).
      const ended = (request.history as Array<{ type: string; at: string }>).find((e) =>
        DECISIONS.includes(e.type),
      );
      if (ended?.type !== 'requestExpired')
        expect(Date.parse(ended?.at ?? ''), `${context}: ${ended?.type} at ${ended?.at}`).toBeLessThan(
          Date.parse(approvalExpiresAt),
        );
      const byDecision = { requestApproved: approve, requestRejected: reject, requestCancelled: cancel };
      for (const [decision, response] of Object.entries(byDecision))
        if (decided.includes(decision)) expect(response.status, `${context}: ${decision}`).toBe(200);
        else
          expect([409, 412], `${context}: ${decision} ${JSON.stringify(response.json)}`).toContain(
            response.status,
          );
      const armWrites = broker.armCalls((e) => e.method !== 'GET');
      if (outcome === 'requestApproved') {
        expect(request.state, context).toBe('revoked'); // the grant was made, and removed at its end
        expect(
          armWrites.map((e) => e.method),
          context,
        ).toEqual(['PUT', 'DELETE']);
      } else {
        expect(request.state, context).toBe(
          { requestRejected: 'rejected', requestCancelled: 'cancelled', requestExpired: 'expired' }[
            decided.at(-1) as string
          ],
        );
        expect(armWrites, context).toEqual([]);
      }
      if (round % 20 === 19) await expectLedgerMatchesArm(broker);
    }
    console.log(`decision races: ${ROUNDS}, won by ${JSON.stringify(wins)}`);
    // Every side of the race was exercised.
    for (const decision of DECISIONS) expect(wins[decision] ?? 0, decision).toBeGreaterThan(0);
  }, 180_000);
});
