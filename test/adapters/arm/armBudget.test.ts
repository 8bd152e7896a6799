import { describe, expect, it } from 'vitest';
import { budgetKeyOf, createArmBudget } from '../../../src/adapters/arm/armBudget.js';

const SUB = '/subscriptions/a05fbbd9-8ab0-444d-8f67-8b5713b8eef5';
const OTHER = '/subscriptions/fc9c0785-971f-420b-b7b2-fa34f057dcad';
const KEY = budgetKeyOf(SUB);

function budgetAt(start = 0) {
  let t = start;
  const budget = createArmBudget({
    write: { capacity: 5, refillPerSecond: 2 },
    delete: { capacity: 3, refillPerSecond: 1 },
    now: () => t,
  });
  return {
    budget,
    at: (ms: number) => void (t = ms),
    take: (scope = SUB, change: 'write' | 'delete' = 'write') =>
      budget.reserve(`${scope}/resourceGroups/rg`, change, new Date(t)).getTime(),
  };
}

describe('the ARM budget view', () => {
  it('lets a full bucket go at once, then hands out slots one refill interval apart', () => {
    const { take } = budgetAt();
    expect(Array.from({ length: 8 }, () => take())).toEqual([0, 0, 0, 0, 0, 500, 1000, 1500]);
  });

  it('keeps subscriptions, and writes and deletes, apart', () => {
    const { take } = budgetAt();
    for (let i = 0; i < 5; i++) take();
    expect(take(OTHER)).toBe(0);
    expect([take(SUB, 'delete'), take(SUB, 'delete'), take(SUB, 'delete'), take(SUB, 'delete')]).toEqual([
      0, 0, 0, 1000,
    ]);
  });

  it('refills as time passes', () => {
    const { take, at } = budgetAt();
    for (let i = 0; i < 5; i++) take();
    at(1000); // two back
    expect([take(), take(), take()]).toEqual([1000, 1000, 1500]);
  });

  it('takes a low reading from ARM as the truth, whoever spent the budget (another instance, say)', () => {
    const { budget, take } = budgetAt();
    take();
    budget.answered(KEY, 'write', { remaining: 0 });
    expect(take()).toBe(500);
  });

  it('takes a high reading too, counting on top what it promised and ARM has not answered yet', () => {
    const { budget, take } = budgetAt();
    for (let i = 0; i < 7; i++) take(); // five now, two at 500 and 1000
    budget.answered(KEY, 'write', { remaining: 4 }); // one answered; ARM's bucket was bigger than thought
    // 4 left at ARM, 6 still promised: the next gets the third slot after those.
    expect(take()).toBe(1500);
  });

  it('starts again from a high reading once ARM has answered everything it was promised', async () => {
    const { budget, take } = budgetAt();
    for (let i = 0; i < 5; i++) take();
    // ARM's bucket had room to spare (the sandbox reset, or it refilled): each answer says 4 left.
    for (let i = 0; i < 5; i++) budget.answered(KEY, 'write', { remaining: 4 });
    expect([take(), take(), take(), take(), take()]).toEqual([0, 0, 0, 0, 500]);
  });

  it('after a throttled answer, waits the Retry-After before the next slot', () => {
    const { budget, take } = budgetAt();
    take();
    budget.answered(KEY, 'write', { remaining: 0, retryAfterMs: 3000 });
    expect(take()).toBe(3000);
  });

  it('reads the subscription from IDs and request paths alike, and sends management groups to the tenant', () => {
    expect(budgetKeyOf(`/${SUB}/providers/x`)).toBe('a05fbbd9-8ab0-444d-8f67-8b5713b8eef5');
    expect(budgetKeyOf('/providers/Microsoft.Management/managementGroups/mg')).toBe('tenant');
  });
});
