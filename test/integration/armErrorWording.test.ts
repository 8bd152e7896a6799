import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AUTOMATION_ACCOUNT_PLAIN, BROKER, UAI_UNASSIGNABLE } from '../../dev/armSandbox/seed.js';
import { carryOut } from '../support/carryOut.js';
import { type TestBroker, startTestBroker } from '../support/testBroker.js';

let broker: TestBroker;
beforeAll(async () => {
  broker = await startTestBroker();
});
afterAll(() => broker.close());
beforeEach(() => broker.reset());

describe('an ARM refusal', () => {
  it("is shown with ARM's code and our own words, while the record keeps ARM's full text", async () => {
    const failed = await carryOut(broker, AUTOMATION_ACCOUNT_PLAIN, [
      { kind: 'attachUserAssignedIdentity', identity: UAI_UNASSIGNABLE.id },
    ]);
    expect(failed.state).toBe('failed');
    expect(failed.error).toMatchObject({
      code: 'LinkedAuthorizationFailed',
      message: expect.stringMatching(/Managed Identity Operator/),
    });
    const shown = JSON.stringify(failed);
    expect(shown).not.toContain(BROKER.objectId);
    expect(shown).not.toMatch(/with object id/);
    const failures = failed.history.filter((e: { type: string }) =>
      ['stepFailed', 'requestFailed'].includes(e.type),
    );
    expect(failures.length).toBeGreaterThan(0);
    for (const event of failures) expect(event.data.code).toBe('LinkedAuthorizationFailed');

    const stored = await broker.services.store.get(failed.id);
    expect(stored?.request.error?.message).toContain(BROKER.objectId);
    const history = await broker.services.store.history(failed.id);
    expect(JSON.stringify(history)).toContain(BROKER.objectId);
  });

  it("answers a refused read with ARM's code and our words; the log keeps ARM's text", async () => {
    const armText = `The client '${BROKER.objectId}' with object id '${BROKER.objectId}' cannot read this.`;
    broker.sandboxes.arm.faults.inject({
      method: 'GET',
      path: 'aa-patching',
      status: 400,
      code: 'SomethingOdd',
      message: armText,
    });
    const response = await broker.submit({
      target: AUTOMATION_ACCOUNT_PLAIN,
      operations: [{ kind: 'enableSystemAssignedIdentity' }],
      justification: 'a read ARM refuses',
    });
    expect(response.status).toBe(502);
    expect(response.json.detail).toBe('SomethingOdd: Azure Resource Manager refused the call (SomethingOdd)');
    expect(broker.logs.some((line) => line.includes(armText))).toBe(true);
  });
});
