import fc from 'fast-check';
import { expect } from 'vitest';
import type { RequestStore } from '../../src/core/ports.js';
import { APPROVER, REQUESTER } from './callers.js';
import {
  allowedStates,
  expectHistoryIsAPath,
  GRANT_HOURS,
  type Model,
  type ModelRequest,
  TEMPLATES,
} from './requestModel.js';
import type { TestBroker } from './testBroker.js';

const HOUR = 3600_000;
export const MAX_REQUESTS = 6;

/** Where the next store commit dies: before it is written, or after it is written but before it returns. */
export type CrashPoint = 'beforeCommit' | 'afterCommit';

export interface CrashSwitch {
  next: CrashPoint | undefined;
  fired: number;
}

/** Wraps the table store so the next commit, once armed, dies at the chosen point. */
export function crashableStore(real: RequestStore, crash: CrashSwitch): RequestStore {
  return {
    ...real,
    async commit(previous, next, events) {
      const point = crash.next;
      crash.next = undefined;
      if (point) crash.fired++;
      if (point === 'beforeCommit') throw new Error('injected crash before the commit');
      const outcome = await real.commit(previous, next, events);
      if (point === 'afterCommit') throw new Error('injected crash after the commit');
      return outcome;
    },
  };
}

export interface Real {
  broker: TestBroker;
  crash: CrashSwitch;
}

type Command = fc.AsyncCommand<Model, Real>;

/** Reads every request back and checks the store against the model; the model learns what it observed. */
export async function expectAgreement(model: Model, real: Real): Promise<void> {
  model.executed++;
  expect(real.broker.clock.now().getTime()).toBe(model.now);
  for (const r of model.requests) {
    const stored = await real.broker.services.store.get(r.id);
    expect(stored, `request ${r.id} is kept`).toBeDefined();
    const request = stored!.request;
    expect([...allowedStates(r, model.now)], `${r.template.name} ${r.id} (${r.phase})`).toContain(
      request.state,
    );
    expectHistoryIsAPath(request, await real.broker.services.store.history(r.id));
    r.observed = request;
  }
}

const pick = (model: Model, index: number): ModelRequest | undefined =>
  model.requests.length === 0 ? undefined : model.requests[index % model.requests.length];

const undecided = (r: ModelRequest, now: number) => r.phase === 'awaiting' && now < r.deadline;

class Submit implements Command {
  constructor(readonly template: number) {}
  check = (m: Readonly<Model>) => m.requests.length < MAX_REQUESTS;
  async run(m: Model, real: Real) {
    const template = TEMPLATES[this.template]!;
    const answer = await real.broker.submit({
      target: template.target,
      operations: template.operations,
      justification: 'model-based test',
    });
    expect(answer.status, JSON.stringify(answer.json)).toBe(202);
    expect(answer.json.state).toBe(template.denied ? 'denied' : 'awaitingApproval');
    const stored = await real.broker.services.store.get(answer.json.id);
    m.requests.push({
      id: answer.json.id,
      template,
      phase: template.denied ? 'denied' : 'awaiting',
      deadline: Date.parse(stored!.request.approvalExpiresAt ?? new Date(m.now).toISOString()),
      observed: stored!.request,
      revokeAsked: false,
    });
    await expectAgreement(m, real);
  }
  toString = () => `submit(${TEMPLATES[this.template]!.name})`;
}

/** Approve or reject: only an undecided request before its deadline takes either. */
class Decide implements Command {
  constructor(
    readonly decision: 'approve' | 'reject',
    readonly index: number,
    readonly crash?: CrashPoint,
  ) {}
  check = (m: Readonly<Model>) => m.requests.length > 0;
  async run(m: Model, real: Real) {
    const r = pick(m, this.index)!;
    const expectTaken = undecided(r, m.now);
    real.crash.next = this.crash;
    const answer = await real.broker.call('POST', `/api/identity-requests/${r.id}/${this.decision}`, {
      as: APPROVER,
      body: { comment: 'model' },
    });
    real.crash.next = undefined;
    const taken = this.crash === 'afterCommit' ? expectTaken : expectTaken && this.crash === undefined;
    if (!expectTaken) expect(answer.status, JSON.stringify(answer.json)).toBe(409);
    else if (this.crash)
      expect(answer.status).toBe(500); // an outage, not the caller's doing
    else expect(answer.status, JSON.stringify(answer.json)).toBe(200);
    if (taken) r.phase = this.decision === 'approve' ? 'decided' : 'rejected';
    await expectAgreement(m, real);
  }
  toString = () => `${this.decision}(#${this.index}${this.crash ? `, ${this.crash}` : ''})`;
}

/** The requester withdraws: undecided, or approved with nothing started. */
class Cancel implements Command {
  constructor(readonly index: number) {}
  check = (m: Readonly<Model>) => m.requests.length > 0;
  async run(m: Model, real: Real) {
    const r = pick(m, this.index)!;
    const expectTaken = undecided(r, m.now) || (r.phase === 'decided' && r.observed.state === 'approved');
    const answer = await real.broker.call('POST', `/api/identity-requests/${r.id}/cancel`, {
      as: REQUESTER,
      body: {},
    });
    expect(answer.status, JSON.stringify(answer.json)).toBe(expectTaken ? 200 : 409);
    if (expectTaken) r.phase = 'cancelled';
    await expectAgreement(m, real);
  }
  toString = () => `cancel(#${this.index})`;
}

/** Ends a time-bound grant early: only once, and only while the grant is in force. */
class Revoke implements Command {
  constructor(readonly index: number) {}
  check = (m: Readonly<Model>) => m.requests.length > 0;
  async run(m: Model, real: Real) {
    const r = pick(m, this.index)!;
    const { state, results } = r.observed;
    const inForce = results.some((x) => x?.expiresAt && !x.revokedAt && Date.parse(x.expiresAt) > m.now);
    const expectTaken = r.template.timeBound === true && !r.revokeAsked && state === 'succeeded' && inForce;
    const answer = await real.broker.call('POST', `/api/identity-requests/${r.id}/revoke`, {
      as: REQUESTER,
      body: {},
    });
    if (expectTaken) expect(answer.status, JSON.stringify(answer.json)).toBe(200);
    else if (r.template.timeBound !== true || r.phase !== 'decided')
      expect(answer.status, JSON.stringify(answer.json)).toBe(409);
    // A grant past its end but not yet removed may still be revoked: either answer is fair then.
    else expect([200, 409], JSON.stringify(answer.json)).toContain(answer.status);
    if (answer.status === 200) r.revokeAsked = true;
    await expectAgreement(m, real);
  }
  toString = () => `revoke(#${this.index})`;
}

/** The executor's one step: one message delivered, possibly twice, possibly dying at a store boundary. */
class Deliver implements Command {
  constructor(readonly fault: 'none' | 'duplicate' | CrashPoint) {}
  check = () => true;
  async run(m: Model, real: Real) {
    const { bus } = real.broker;
    bus.faults.redeliverCompletedOnce = this.fault === 'duplicate';
    if (this.fault === 'beforeCommit' || this.fault === 'afterCommit') real.crash.next = this.fault;
    try {
      await bus.deliverNext();
    } finally {
      bus.faults.redeliverCompletedOnce = false;
      real.crash.next = undefined;
    }
    await expectAgreement(m, real);
  }
  toString = () => `deliver(${this.fault})`;
}

/** Time passes and the sweeper looks: a few minutes, a grant's length, or past every approval window. */
class Pass implements Command {
  constructor(readonly ms: number) {}
  check = () => true;
  async run(m: Model, real: Real) {
    real.broker.clock.advanceBy(this.ms);
    m.now += this.ms;
    await real.broker.host.runTimer('sweepRequests');
    await expectAgreement(m, real);
  }
  toString = () => `pass(${this.ms / 60_000} min) + sweep`;
}

const index = fc.nat({ max: MAX_REQUESTS - 1 });
const crashPoint = fc.constantFrom<CrashPoint>('beforeCommit', 'afterCommit');

const submit = fc.nat({ max: TEMPLATES.length - 1 }).map((t) => new Submit(t));
const deliver = fc
  .constantFrom<Deliver['fault']>('none', 'none', 'none', 'duplicate', 'beforeCommit', 'afterCommit')
  .map((f) => new Deliver(f));

// Submissions and deliveries listed twice: runs then hold several requests, each carried some way.
export const commands = [
  submit,
  submit,
  deliver,
  deliver,
  fc
    .tuple(fc.constantFrom<'approve' | 'reject'>('approve', 'reject'), index)
    .map(([d, i]) => new Decide(d, i)),
  fc.tuple(index, crashPoint).map(([i, c]) => new Decide('approve', i, c)),
  index.map((i) => new Cancel(i)),
  index.map((i) => new Revoke(i)),
  fc.constantFrom(6 * 60_000, GRANT_HOURS * HOUR, 24 * HOUR + 60_000).map((ms) => new Pass(ms)),
];
