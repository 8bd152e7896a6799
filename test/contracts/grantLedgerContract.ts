import { describe, expect, it } from 'vitest';
import type { GrantEntry, GrantLedger, GrantLedgerPruner, GrantSubject } from '../../src/core/grantLedger.js';
import {
  beginRemoval,
  finishRemoval,
  forgetEndedGrant,
  holdGrant,
  releaseGrant,
} from '../../src/core/grantHolds.js';
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

/** Every remover has finished (or never will retry). */
const finished: GrantParties = { standing: async () => 'stale', removerActive: async () => false };

/** Retention's removals from the ledger: the table and in-memory ledgers pass the same checks. */
export function grantLedgerRetentionContract(
  name: string,
  make: () => Promise<{ ledger: GrantLedger; pruner: GrantLedgerPruner }>,
): void {
  describe(`${name}: retention`, () => {
    it('removes an entry as it was read, never one that changed since (a holder joined)', async () => {
      const { ledger, pruner } = await make();
      const s = subject();
      await ledger.put(undefined, { ...entryOf(s), status: 'removed', holders: [] });
      const read = await ledger.get(s.key);
      await holdGrant(
        ledger,
        s,
        { requestId: 'joiner', operation: 0, since: NOW.toISOString() },
        always,
        NOW,
      );
      expect(await pruner.remove(read as NonNullable<typeof read>)).toBe('conflict');
      expect((await ledger.get(s.key))?.entry.holders.map((h) => h.requestId)).toEqual(['joiner']);
      const now = await ledger.get(s.key);
      expect(await pruner.remove(now as NonNullable<typeof now>)).toBe('removed');
      expect(await ledger.get(s.key)).toBeUndefined();
      expect(await pruner.remove(now as NonNullable<typeof now>)).toBe('conflict'); // gone already
    });

    it('answers a replace of an entry removed since it was read with a conflict, so a holder reads again and starts it afresh', async () => {
      const { ledger, pruner } = await make();
      const s = subject();
      await ledger.put(undefined, { ...entryOf(s), status: 'removed', holders: [] });
      const read = (await ledger.get(s.key)) as NonNullable<Awaited<ReturnType<GrantLedger['get']>>>;
      expect(await pruner.remove(read)).toBe('removed');
      const joined = { ...read.entry, status: 'active' as const, holders: entryOf(s).holders };
      expect(await ledger.put(read, joined)).toBe('conflict');
      const held = await holdGrant(
        ledger,
        s,
        { requestId: 'late', operation: 1, since: NOW.toISOString() },
        always,
        NOW,
      );
      expect(held).toMatchObject({ held: true, entry: { status: 'active', origin: 'broker' } });
    });

    it('forgets only an entry that ended for good: removed, unheld, its remover done', async () => {
      const { ledger, pruner } = await make();
      const deps = (parties: GrantParties) => ({ ledger, pruner, parties });
      const [active, removing, removedByLive, removedByDone, leftOutside] = [1, 2, 3, 4, 5].map(subject);
      const put = (s: GrantSubject, e: Partial<GrantEntry>) => ledger.put(undefined, { ...entryOf(s), ...e });
      await put(active as GrantSubject, {});
      await put(removing as GrantSubject, { status: 'removing', removingBy: 'R', holders: [] });
      await put(removedByLive as GrantSubject, { status: 'removed', removingBy: 'R', holders: [] });
      await put(removedByDone as GrantSubject, { status: 'removed', removingBy: 'R', holders: [] });
      // An external assignment the broker stopped relying on: removed from the records, kept in Azure.
      await put(leftOutside as GrantSubject, { status: 'removed', origin: 'external', holders: [] });

      expect(await forgetEndedGrant(deps(finished), (active as GrantSubject).key)).toBe(false);
      expect(await forgetEndedGrant(deps(finished), (removing as GrantSubject).key)).toBe(false);
      expect(await forgetEndedGrant(deps(always), (removedByLive as GrantSubject).key)).toBe(false);
      expect(await forgetEndedGrant(deps(finished), (removedByDone as GrantSubject).key)).toBe(true);
      expect(await forgetEndedGrant(deps(always), (leftOutside as GrantSubject).key)).toBe(true);
      expect(await forgetEndedGrant(deps(finished), 'no-such-entry')).toBe(false);

      const left: string[] = [];
      for await (const e of ledger.list()) left.push(e.key);
      expect(left.sort()).toEqual(
        [active, removing, removedByLive].map((s) => (s as GrantSubject).key).sort(),
      );
    });
  });
}
