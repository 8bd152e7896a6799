import { describe, expect, it } from 'vitest';
import type { GrantEntry, GrantLedger, GrantSubject } from '../../src/core/grantLedger.js';
import { beginRemoval, finishRemoval, holdGrant, releaseGrant } from '../../src/core/grantHolds.js';
import type { GrantParties } from '../../src/core/grantParties.js';

const NOW = new Date('2026-12-01T10:00:00.000Z');
const later = (hours: number) => new Date(NOW.getTime() + hours * 3600_000).toISOString();
/** Every other holder still holds its grant, and every remover will finish. */
const always: GrantParties = { standing: async () => 'holding', removerActive: async () => true };

let subjects = 0;
const subject = (): GrantSubject => {
  subjects++;
  const key = `00000000-0000-5000-8000-${String(subjects).padStart(12, '0')}`;
  const scope = '/subscriptions/s/resourceGroups/rg';
  return {
    key,
    scope,
    principalId: 'p',
    roleDefinitionId: '/providers/Microsoft.Authorization/roleDefinitions/r',
    ownAssignmentId: `${scope}/providers/Microsoft.Authorization/roleAssignments/${key}`,
  };
};

const entryOf = (s: GrantSubject): GrantEntry => ({
  key: s.key,
  scope: s.scope,
  principalId: s.principalId,
  roleDefinitionId: s.roleDefinitionId,
  assignmentId: s.ownAssignmentId,
  origin: 'broker',
  status: 'active',
  holders: [{ requestId: 'r1', operation: 0, since: NOW.toISOString(), until: later(1) }],
  updatedAt: NOW.toISOString(),
});

/** What every GrantLedger must do: the table ledger and the in-memory one pass the same checks. */
export function grantLedgerContract(name: string, make: () => Promise<GrantLedger>): void {
  describe(`${name}: storage`, () => {
    it('creates an entry, reads it back as written, and refuses a second create', async () => {
      const ledger = await make();
      const s = subject();
      expect(await ledger.get(s.key)).toBeUndefined();
      expect(await ledger.put(undefined, entryOf(s))).toBe('saved');
      expect((await ledger.get(s.key))?.entry).toEqual(entryOf(s));
      expect(await ledger.put(undefined, entryOf(s))).toBe('conflict');
    });

    it('replaces only with the current ETag', async () => {
      const ledger = await make();
      const s = subject();
      await ledger.put(undefined, entryOf(s));
      const first = await ledger.get(s.key);
      expect(await ledger.put(first, { ...entryOf(s), status: 'removed', holders: [] })).toBe('saved');
      expect(await ledger.put(first, entryOf(s))).toBe('conflict');
      expect((await ledger.get(s.key))?.entry.status).toBe('removed');
    });

    it('lists every entry', async () => {
      const ledger = await make();
      const [a, b] = [subject(), subject()];
      await ledger.put(undefined, entryOf(a));
      await ledger.put(undefined, entryOf(b));
      const keys: string[] = [];
      for await (const e of ledger.list()) keys.push(e.key);
      expect(keys).toEqual(expect.arrayContaining([a.key, b.key]));
    });
  });

  describe(`${name}: holds and releases`, () => {
    it('keeps an assignment while another holder is live, and removes it with the last one', async () => {
      const ledger = await make();
      const s = subject();
      await holdGrant(
        ledger,
        s,
        { requestId: 'T', operation: 0, since: NOW.toISOString(), until: later(1) },
        always,
        NOW,
      );
      const second = await holdGrant(
        ledger,
        s,
        { requestId: 'P', operation: 2, since: NOW.toISOString() },
        always,
        NOW,
      );
      expect(second).toMatchObject({ held: true, others: [{ requestId: 'T' }] });

      const first = await releaseGrant(ledger, s.key, { requestId: 'T', operation: 0 }, always, NOW);
      expect(first).toEqual({ decision: 'keep', keptBy: [expect.objectContaining({ requestId: 'P' })] });
      const last = await releaseGrant(ledger, s.key, { requestId: 'P', operation: 2 }, always, NOW);
      expect(last).toEqual({ decision: 'remove', assignmentId: s.ownAssignmentId });
      expect((await ledger.get(s.key))?.entry).toMatchObject({ status: 'removing', removingBy: 'P' });
    });

    it('keeps the hold a first attempt registered when the step is retried', async () => {
      const ledger = await make();
      const s = subject();
      const first = { requestId: 'T', operation: 1, since: NOW.toISOString(), until: later(8) };
      await holdGrant(ledger, s, first, always, NOW);
      const before = await ledger.get(s.key);
      const retried = await holdGrant(
        ledger,
        s,
        { ...first, until: later(9) },
        always,
        new Date(NOW.getTime() + 60_000),
      );
      expect(retried).toMatchObject({ held: true, holder: first });
      expect((await ledger.get(s.key))?.etag).toBe(before?.etag);
    });

    it('drops holders whose grant ended or whose request no longer holds it', async () => {
      const ledger = await make();
      const s = subject();
      const at = NOW.toISOString();
      await holdGrant(
        ledger,
        s,
        { requestId: 'ended', operation: 0, since: at, until: later(-1) },
        always,
        NOW,
      );
      await holdGrant(ledger, s, { requestId: 'stale', operation: 0, since: at }, always, NOW);
      await holdGrant(ledger, s, { requestId: 'me', operation: 0, since: at }, always, NOW);
      const released = await releaseGrant(
        ledger,
        s.key,
        { requestId: 'me', operation: 0 },
        { ...always, standing: async (h) => (h.requestId === 'stale' ? 'stale' : 'holding') },
        NOW,
      );
      expect(released.decision).toBe('remove');
    });

    it('makes a new holder wait while a removal is under way, and lets it in after', async () => {
      const ledger = await make();
      const s = subject();
      const at = NOW.toISOString();
      await holdGrant(ledger, s, { requestId: 'T', operation: 0, since: at }, always, NOW);
      await releaseGrant(ledger, s.key, { requestId: 'T', operation: 0 }, always, NOW);
      expect(await holdGrant(ledger, s, { requestId: 'P', operation: 0, since: at }, always, NOW)).toEqual({
        held: false,
        removingBy: 'T',
      });
      // T's retry resumes its own removal; another's release finds it gone.
      expect(await releaseGrant(ledger, s.key, { requestId: 'T', operation: 0 }, always, NOW)).toMatchObject({
        decision: 'remove',
      });
      expect(await releaseGrant(ledger, s.key, { requestId: 'X', operation: 0 }, always, NOW)).toEqual({
        decision: 'gone',
      });
      await finishRemoval(ledger, s.key, 'T', NOW);
      expect(
        await holdGrant(ledger, s, { requestId: 'P', operation: 0, since: at }, always, NOW),
      ).toMatchObject({
        held: true,
        others: [],
      });
      expect((await ledger.get(s.key))?.entry).toMatchObject({ status: 'active', origin: 'broker' });
    });

    it('never removes an assignment that existed outside the broker', async () => {
      const ledger = await make();
      const s = subject();
      await holdGrant(ledger, s, { requestId: 'T', operation: 0, since: NOW.toISOString() }, always, NOW);
      const stored = await ledger.get(s.key);
      const external =
        '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Authorization/roleAssignments/x';
      await ledger.put(stored, {
        ...(stored?.entry as GrantEntry),
        origin: 'external',
        assignmentId: external,
      });
      expect(await releaseGrant(ledger, s.key, { requestId: 'T', operation: 0 }, always, NOW)).toEqual({
        decision: 'leave',
        assignmentId: external,
      });
    });

    it('lets exactly one of a holder and a remover that race win, and the other learns of it', async () => {
      for (let round = 0; round < 20; round++) {
        const ledger = await make();
        const s = subject();
        const at = NOW.toISOString();
        await holdGrant(ledger, s, { requestId: 'T', operation: 0, since: at }, always, NOW);
        const [joined, released] = await Promise.all([
          holdGrant(ledger, s, { requestId: 'P', operation: 0, since: at }, always, NOW),
          releaseGrant(ledger, s.key, { requestId: 'T', operation: 0 }, always, NOW),
        ]);
        // Either P joined first (T keeps it for P) or T's removal came first (P waits): never both "held" and "remove".
        if (joined.held) expect(released).toMatchObject({ decision: 'keep' });
        else expect(released).toMatchObject({ decision: 'remove' });
      }
    });

    it('ends every holder with an approved removal', async () => {
      const ledger = await make();
      const s = subject();
      await holdGrant(ledger, s, { requestId: 'P', operation: 0, since: NOW.toISOString() }, always, NOW);
      const begun = await beginRemoval(ledger, s, 'R', always, NOW);
      expect(begun).toMatchObject({ ready: true, ending: [{ requestId: 'P' }] });
      await finishRemoval(ledger, s.key, 'R', NOW);
      expect((await ledger.get(s.key))?.entry).toMatchObject({ status: 'removed', holders: [] });
    });
  });
}
