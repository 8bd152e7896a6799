import { describe, expect, it } from 'vitest';
import type { Plan } from '../../../../src/core/plan.js';
import { identityDiff } from '../../../../src/functions/http/approvalPages/identityDiff.js';

const UAI = (name: string) =>
  `/subscriptions/s/resourceGroups/rg-id/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`;

const planOf = (before: Plan['targetIdentity'], body?: unknown): Plan => ({
  computedAt: '2026-12-01T00:00:00.000Z',
  targetIdentity: before,
  steps: body
    ? [
        {
          kind: 'updateIdentity',
          operations: [0],
          change: 'write',
          calls: [{ method: 'PATCH', path: '/t', body }],
        },
      ]
    : [],
  warnings: [],
});

const changes = (plan: Plan) => identityDiff(plan).rows.map((r) => [r.identity, r.before, r.after, r.change]);

describe('the identity diff of a plan', () => {
  it('reads the after-state from the PATCH body: system on, one kept, one attached, one detached', () => {
    const plan = planOf(
      { type: 'UserAssigned', userAssignedIdentities: [UAI('kept'), UAI('gone')] },
      {
        identity: {
          type: 'SystemAssigned, UserAssigned',
          // ARM keys are case-insensitive: a differently cased key is the same identity.
          userAssignedIdentities: { [UAI('kept').toLowerCase()]: {}, [UAI('gone')]: null, [UAI('new')]: {} },
        },
      },
    );
    expect(identityDiff(plan).typeAfter).toBe('SystemAssigned, UserAssigned');
    expect(changes(plan)).toEqual([
      ['systemAssigned', false, true, 'added'],
      [UAI('kept'), true, true, 'unchanged'],
      [UAI('gone'), true, false, 'removed'],
      [UAI('new'), false, true, 'added'],
    ]);
  });

  it('shows every user-assigned identity gone when the new type has none (ARM replaces the type)', () => {
    const plan = planOf(
      { type: 'SystemAssigned, UserAssigned', principalId: 'p-1', userAssignedIdentities: [UAI('a')] },
      { identity: { type: 'SystemAssigned' } },
    );
    expect(changes(plan)).toEqual([
      ['systemAssigned', true, true, 'unchanged'],
      [UAI('a'), true, false, 'removed'],
    ]);
    expect(identityDiff(plan).rows[0]?.principalId).toBe('p-1');
  });

  it('is no change at all without an identity write', () => {
    const plan = planOf({ type: 'SystemAssigned', userAssignedIdentities: [UAI('a')] });
    expect(changes(plan)).toEqual([
      ['systemAssigned', true, true, 'unchanged'],
      [UAI('a'), true, true, 'unchanged'],
    ]);
  });
});
