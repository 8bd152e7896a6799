import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import {
  AUTOMATION_ACCOUNT_PLAIN,
  AUTOMATION_ACCOUNT_WITH_IDENTITIES,
  KEY_VAULT,
  STORAGE_ACCOUNT,
  UAI_REPORTING,
  UAI_RUNBOOKS,
  VM_PLAIN,
} from '../../dev/armSandbox/seed.js';
import { EVENTS_TOPIC } from '../../src/adapters/serviceBus/queueNames.js';
import { type RequestState, TERMINAL_STATES } from '../../src/core/requestState.js';
import { roleAssignmentName } from '../../src/core/roleAssignmentName.js';
import type { FaultPlan } from './faultPoints.js';
import type { TestBroker } from './testBroker.js';

/** One kind of request a run carries out, and the state it must end in once every grant has ended. */
export interface RequestShape {
  name: string;
  target: string;
  operations: unknown[];
  ends: RequestState;
}

export const SHAPES: RequestShape[] = [
  {
    name: 'enable on an Automation account',
    target: AUTOMATION_ACCOUNT_PLAIN,
    operations: [{ kind: 'enableSystemAssignedIdentity' }],
    ends: 'succeeded',
  },
  {
    name: 'three steps on an Automation account',
    target: AUTOMATION_ACCOUNT_PLAIN,
    operations: [
      { kind: 'enableSystemAssignedIdentity' },
      { kind: 'attachUserAssignedIdentity', identity: UAI_RUNBOOKS.id },
      { kind: 'assignRole', principal: 'systemAssigned', role: 'Key Vault Secrets User', scope: KEY_VAULT },
    ],
    ends: 'succeeded',
  },
  {
    name: 'identities on a VM (long-running)',
    target: VM_PLAIN,
    operations: [
      { kind: 'enableSystemAssignedIdentity' },
      { kind: 'attachUserAssignedIdentity', identity: UAI_RUNBOOKS.id },
    ],
    ends: 'succeeded',
  },
  {
    name: 'a grant with an end',
    target: AUTOMATION_ACCOUNT_WITH_IDENTITIES,
    operations: [
      {
        kind: 'assignRole',
        principal: UAI_REPORTING.id,
        role: 'Key Vault Secrets User',
        scope: KEY_VAULT,
        duration: 'PT10M',
      },
    ],
    ends: 'revoked',
  },
  {
    name: 'a grant without an end',
    target: AUTOMATION_ACCOUNT_WITH_IDENTITIES,
    operations: [
      {
        kind: 'assignRole',
        principal: 'systemAssigned',
        role: 'Storage Blob Data Reader',
        scope: STORAGE_ACCOUNT,
      },
    ],
    ends: 'succeeded',
  },
  {
    name: 'a VM identity and a grant with an end on it',
    target: VM_PLAIN,
    operations: [
      { kind: 'enableSystemAssignedIdentity' },
      {
        kind: 'assignRole',
        principal: 'systemAssigned',
        role: 'Key Vault Secrets User',
        scope: KEY_VAULT,
        duration: 'PT20M',
      },
    ],
    ends: 'revoked',
  },
];

/** A small seeded PRNG (mulberry32): the same seed replays the same runs. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SWEEP_EVERY_MS = 5 * 60_000;

/**
 * Drives one broker the way Azure would: the bus delivers what is ready (a dead instance is replaced by a
 * new one after its invocation), time moves to the next scheduled message, and the sweeper's timer fires
 * every five minutes of that time.
 */
export class FaultDriver {
  private nextSweep = 0;
  restarts = 0;

  constructor(
    private readonly broker: TestBroker,
    private readonly plan: FaultPlan,
  ) {}

  /** After a `die` crash the invocation is over: the next one runs on a new instance, caches gone. */
  async revive(): Promise<void> {
    if (!this.plan.dead) return;
    this.plan.dead = false;
    this.restarts++;
    await this.broker.newInstance();
  }

  /** Submits with an Idempotency-Key, as a careful client does, and retries what a crash made fail. */
  async submit(body: unknown): Promise<string> {
    const headers = { 'idempotency-key': randomUUID() };
    for (let i = 0; i < 8; i++) {
      const response = await this.broker.submit(body, { headers });
      await this.revive();
      if (response.status === 202) return response.json.id as string;
      expect([500, 503], JSON.stringify(response.json)).toContain(response.status);
    }
    throw new Error('submission kept failing');
  }

  /** Approves, retrying a failed call; a 409 after a crash means the approval before it was committed. */
  async approve(id: string): Promise<void> {
    for (let i = 0; i < 8; i++) {
      const response = await this.broker.approve(id);
      await this.revive();
      if (response.status === 200) return;
      if (response.status === 409) {
        const state = (await this.broker.get(id)).json.state;
        expect(state, JSON.stringify(response.json)).not.toBe('awaitingApproval');
        return;
      }
      expect([500, 503], JSON.stringify(response.json)).toContain(response.status);
    }
    throw new Error('approval kept failing');
  }

  private async sweep(): Promise<void> {
    try {
      await this.broker.host.runTimer('sweepRequests');
    } catch {
      // A crashed pass is the next pass's to finish.
    }
    await this.revive();
  }

  /** Until the requests are at rest: terminal, no grant left to end, outbox empty, nothing on the bus. */
  async settle(ids: string | string[], maxSteps = 800): Promise<void> {
    const all = typeof ids === 'string' ? [ids] : ids;
    const { broker } = this;
    if (this.nextSweep <= broker.clock.now().getTime())
      this.nextSweep = broker.clock.now().getTime() + SWEEP_EVERY_MS;
    for (let step = 0; step < maxSteps; step++) {
      if (await broker.bus.deliverNext()) {
        await this.revive();
        continue;
      }
      const next = broker.bus.earliestScheduled();
      if (next === undefined && (await this.allAtRest(all))) return;
      const sweepFirst = next === undefined || next.getTime() >= this.nextSweep;
      broker.clock.advanceTo(sweepFirst ? new Date(this.nextSweep) : next);
      if (sweepFirst) {
        this.nextSweep += SWEEP_EVERY_MS;
        await this.sweep();
      }
    }
    const stored = await Promise.all(all.map((id) => broker.services.store.get(id)));
    const states = stored.map((s) => ({
      id: s?.request.id,
      state: s?.request.state,
      error: s?.request.error,
      notBefore: s?.request.notBefore,
    }));
    throw new Error(`requests did not come to rest: ${JSON.stringify(states)}`);
  }

  private async allAtRest(ids: string[]): Promise<boolean> {
    for (const id of ids) if (!(await this.atRest(id))) return false;
    return true;
  }

  private async atRest(id: string): Promise<boolean> {
    const stored = await this.broker.services.store.get(id);
    if (!stored || !TERMINAL_STATES.has(stored.request.state) || stored.request.notBefore) return false;
    return (stored.unpublished ?? []).length === 0;
  }
}

/** What a run left behind, in terms a clean run of the same shape can be compared with. */
export interface Observed {
  state: RequestState;
  results: unknown;
  identity: unknown;
  /** Role assignments Azure holds under the broker's own names. */
  grants: string[];
  /** Each ARM write that succeeded (method, path, body), with how often. */
  writes: Record<string, number>;
  /** The request's events on the topic, first copy of each messageId, in topic order. */
  subjects: string[];
  /** Copies the topic took of a messageId it had already taken (a consumer drops them: docs/events.md). */
  duplicates: number;
}

// Times differ from run to run (a crash's retry moves a grant's start and so its end): compare the rest.
const withoutTimes = (value: unknown): unknown =>
  JSON.parse(
    JSON.stringify(value, (key, v: unknown) =>
      key === 'expiresAt' || key === 'revokedAt'
        ? '<time>'
        : typeof v === 'string'
          ? v.replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, '<time>')
          : v,
    ),
  );

export async function observe(broker: TestBroker, id: string, target: string): Promise<Observed> {
  const stored = await broker.services.store.get(id);
  if (!stored) throw new Error(`request ${id} is gone`);
  const history = await broker.services.store.history(id);
  const writes: Record<string, number> = {};
  for (const e of broker.armCalls((c) => c.method !== 'GET' && c.status >= 200 && c.status < 300)) {
    const key = `${e.method} ${e.path.toLowerCase()} ${JSON.stringify(e.body ?? null)}`;
    writes[key] = (writes[key] ?? 0) + 1;
  }
  const seen = new Set<string>();
  const subjects: string[] = [];
  let duplicates = 0;
  let lastSequence = 0;
  for (const m of broker.bus.topicMessages(EVENTS_TOPIC)) {
    if ((m.body as { requestId?: string }).requestId !== id) continue;
    if (seen.has(m.messageId)) {
      duplicates++;
      continue;
    }
    seen.add(m.messageId);
    const sequence = Number(m.messageId.slice(id.length + 1));
    // In order, and each message is the event of that version in the history.
    expect(sequence, `events of ${id} out of order: ${m.messageId} after ${lastSequence}`).toBeGreaterThan(
      lastSequence,
    );
    expect(history.find((e) => e.sequence === sequence)?.type, `message ${m.messageId}`).toBe(m.subject);
    lastSequence = sequence;
    subjects.push(String(m.subject));
  }
  const arm = broker.sandboxes.arm.state;
  return {
    state: stored.request.state,
    results: withoutTimes(stored.request.results),
    identity: arm.resource(target)?.identity,
    grants: arm
      .roleAssignments()
      .filter((a) => a.name.toLowerCase() === roleAssignmentName(a.scope, a.principalId, a.roleDefinitionId))
      .map((a) => `${a.scope} ${a.principalId} ${a.roleDefinitionId.split('/').pop()}`)
      .sort(),
    writes,
    subjects,
    duplicates,
  };
}

/**
 * A faulty run against a clean one: the same end state, results, ARM state and events; every write the
 * clean run made, made (identity PATCHes exactly as often: each is a read-modify-write), and no other.
 */
export function expectSameOutcome(faulty: Observed, clean: Observed, context: string): void {
  expect(faulty.state, context).toBe(clean.state);
  expect(faulty.results, context).toEqual(clean.results);
  expect(faulty.identity, context).toEqual(clean.identity);
  expect(faulty.grants, context).toEqual(clean.grants);
  expect(Object.keys(faulty.writes).sort(), `${context}: writes`).toEqual(Object.keys(clean.writes).sort());
  for (const [write, times] of Object.entries(faulty.writes))
    if (write.startsWith('PATCH')) expect(times, `${context}: ${write}`).toBe(clean.writes[write]);
  expect(faulty.subjects, `${context}: events`).toEqual(clean.subjects);
}
