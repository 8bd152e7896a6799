import { beforeEach, describe, expect, it } from 'vitest';
import type { ArmBudget, ArmChange } from '../../../src/core/ports.js';
import { advance, approved, historyTypes, runUntilSettled, stateOf } from '../../fakes/drive.js';
import { KV, UA1 } from '../../fakes/ids.js';
import type { World } from '../../fakes/world.js';
import { executorWorld, grant, tooManyRequests } from './executorScenarios.js';

/** A budget that answers from a script of delays (none left: at once) and records what it was asked. */
class ScriptedBudget implements ArmBudget {
  readonly asked: Array<{ scope: string; change: ArmChange }> = [];
  constructor(private readonly delaysMs: number[] = []) {}
  reserve(scope: string, change: ArmChange, now: Date): Date {
    this.asked.push({ scope, change });
    return new Date(now.getTime() + (this.delaysMs.shift() ?? 0));
  }
}

let w: World & { budget?: ArmBudget };
beforeEach(() => {
  w = executorWorld();
});

const removal = {
  kind: 'removeRoleAssignment',
  principal: UA1,
  role: 'Key Vault Secrets User',
  scope: KV,
} as const;

describe("advanceRequest: pacing changes to ARM's budget", () => {
  it('sends a change at once when the budget has room, asking once per planned call', async () => {
    const budget = (w.budget = new ScriptedBudget());
    const request = await approved(w, [grant(UA1)]);
    await runUntilSettled(w, request.id);
    expect((await stateOf(w, request.id)).state).toBe('succeeded');
    expect(budget.asked).toEqual([{ scope: request.plan.steps[0]?.calls[0]?.path, change: 'write' }]);
    expect(await historyTypes(w, request.id)).not.toContain('stepDeferred');
  });

  it('defers a change the budget has no room for to its slot, touching nothing, then sends it without asking again', async () => {
    const budget = (w.budget = new ScriptedBudget([30_000]));
    const request = await approved(w, [grant(UA1)]);
    const start = w.clock.now().getTime();
    const callsBefore = w.arm.calls.length;
    const first = await advance(w, request.id);
    expect(first).toMatchObject({
      action: 'committed',
      state: 'applying',
      next: new Date(start + 30_000).toISOString(),
    });
    const waiting = await stateOf(w, request.id);
    expect(waiting.notBefore).toBe(new Date(start + 30_000).toISOString());
    expect(waiting.progress).toMatchObject({ step: 0, attempt: 0, slotAt: waiting.notBefore });
    expect(w.arm.calls.length).toBe(callsBefore); // deferred before any read or write
    expect(w.nudger.last()?.at).toBe(waiting.notBefore);

    await runUntilSettled(w, request.id);
    expect((await stateOf(w, request.id)).state).toBe('succeeded');
    expect(budget.asked).toHaveLength(1);
    expect(w.arm.callsOf('createRoleAssignment')).toHaveLength(1);
    expect(await historyTypes(w, request.id)).toEqual([
      'requestSubmitted',
      'policyEvaluated',
      'approvalRequested',
      'requestApproved',
      'policyEvaluated',
      'applyStarted',
      'stepDeferred',
      'stepSucceeded',
      'requestSucceeded',
    ]);
  });

  it('asks again after a 429 at its slot: the slot was spent on a refused change', async () => {
    const budget = (w.budget = new ScriptedBudget([1_000]));
    w.arm.failNext('createRoleAssignment', tooManyRequests(5_000));
    const request = await approved(w, [grant(UA1)]);
    await runUntilSettled(w, request.id);
    expect((await stateOf(w, request.id)).state).toBe('succeeded');
    expect(budget.asked).toHaveLength(2);
  });

  it('asks for a delete for a removal, and nothing for a step that changes nothing', async () => {
    const budget = (w.budget = new ScriptedBudget());
    const principal = (await w.arm.getUserAssignedIdentity(UA1))?.principalId as string;
    w.arm.addRoleAssignment(KV, 'Key Vault Secrets User', principal);
    const removing = await approved(w, [removal]);
    await runUntilSettled(w, removing.id);
    expect(budget.asked.map((a) => a.change)).toEqual(['delete']);
    const again = await approved(w, [removal]); // already gone: the plan shows no change
    await runUntilSettled(w, again.id);
    expect(budget.asked).toHaveLength(1);
  });
});
