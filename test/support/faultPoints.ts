import type { GrantLedger } from '../../src/core/grantLedger.js';
import type { ArmGateway, EventPublisher, Nudger, RequestStore } from '../../src/core/ports.js';
import type { Services } from '../../src/wiring.js';

/**
 * Every boundary where a process can stop between two effects that are not one transaction: around each
 * store write, each ARM write and poll, each ledger write, each event publish and each nudge.
 */
export const FAULT_POINTS = [
  'store.claimKey:before',
  'store.claimKey:after',
  'store.create:before',
  'store.create:after',
  'store.commit:before',
  'store.commit:after',
  'store.markPublished:before',
  'store.markPublished:after',
  'publish:before',
  'publish:after',
  'nudge:before',
  'nudge:after',
  'ledger.put:before',
  'ledger.put:after',
  'arm.write:before',
  'arm.write:after',
  'arm.poll:after',
] as const;
export type FaultPoint = (typeof FAULT_POINTS)[number];
type Around = FaultPoint extends infer P ? (P extends `${infer N}:before` ? N : never) : never;

/**
 * `throw`: the call fails and the invocation goes on as code would see it (the executor's boundary records it).
 * `die`: the process is gone: this call and every later one of the invocation fail, until `newInstance`.
 */
export type CrashMode = 'throw' | 'die';

export interface Crash {
  point: FaultPoint;
  /** Crash on this hit of the point (1 = the first time it is reached). */
  hit: number;
  mode: CrashMode;
}

export class InjectedCrash extends Error {
  override readonly name = 'InjectedCrash';
}

/** The crashes armed for one run, and what happened to them. */
export class FaultPlan {
  private armed: Crash[] = [];
  private readonly hits = new Map<FaultPoint, number>();
  /** Set while a `die` crash's invocation is still running: every port call fails. */
  dead = false;
  readonly fired: Crash[] = [];

  arm(crashes: Crash[]): void {
    this.armed = [...crashes];
    this.hits.clear();
    this.fired.length = 0;
    this.dead = false;
  }

  disarm(): void {
    this.armed = [];
    this.dead = false;
  }

  /** Any call of a dead process fails: it never happens. */
  alive(what: string): void {
    if (this.dead) throw new InjectedCrash(`process is dead (${what} not made)`);
  }

  /** Called at a boundary: throws when a crash is armed for this hit, or the process is dead already. */
  reach(point: FaultPoint): void {
    this.alive(point);
    const hit = (this.hits.get(point) ?? 0) + 1;
    this.hits.set(point, hit);
    const crash = this.armed.find((c) => c.point === point && c.hit === hit);
    if (!crash) return;
    this.fired.push(crash);
    if (crash.mode === 'die') this.dead = true;
    throw new InjectedCrash(`injected ${crash.mode} at ${point} (hit ${hit})`);
  }

  /** Runs `effect` between the point's `:before` and `:after` boundaries. */
  async around<T>(name: Around, effect: () => Promise<T>): Promise<T> {
    this.reach(`${name}:before`);
    const result = await effect();
    this.reach(`${name}:after`);
    return result;
  }
}

/** The table store with a boundary around each write (inside the step that publishes). */
export function faultyStore(plan: FaultPlan, store: RequestStore): RequestStore {
  return {
    ...store,
    get: (id) => (plan.alive('store.get'), store.get(id)),
    history: (id) => (plan.alive('store.history'), store.history(id)),
    create: (request, events) => plan.around('store.create', () => store.create(request, events)),
    commit: (previous, next, events) =>
      plan.around('store.commit', () => store.commit(previous, next, events)),
    claimIdempotencyKey: (key, claim) =>
      plan.around('store.claimKey', () => store.claimIdempotencyKey(key, claim)),
    markPublished: (id, sequences) =>
      plan.around('store.markPublished', () => store.markPublished(id, sequences)),
  };
}

export function faultyPublisher(plan: FaultPlan, events: EventPublisher): EventPublisher {
  return { publish: (batch) => plan.around('publish', () => events.publish(batch)) };
}

function faultyNudger(plan: FaultPlan, nudger: Nudger): Nudger {
  return { nudge: (nudge, at) => plan.around('nudge', () => nudger.nudge(nudge, at)) };
}

function faultyLedger(plan: FaultPlan, ledger: GrantLedger): GrantLedger {
  return {
    ...ledger,
    get: (key) => (plan.alive('ledger.get'), ledger.get(key)),
    put: (previous, next) => plan.around('ledger.put', () => ledger.put(previous, next)),
  };
}

function faultyArm(plan: FaultPlan, arm: ArmGateway): ArmGateway {
  const read =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
    (...args: A) => (plan.alive('an ARM read'), call(...args));
  const write =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
    (...args: A) =>
      plan.around('arm.write', () => call(...args));
  return {
    getTargetIdentity: read(arm.getTargetIdentity),
    getUserAssignedIdentity: read(arm.getUserAssignedIdentity),
    findRoleDefinition: read(arm.findRoleDefinition),
    listRoleAssignments: read(arm.listRoleAssignments),
    brokerPrincipalId: read(arm.brokerPrincipalId),
    beginIdentityUpdate: write(arm.beginIdentityUpdate),
    createRoleAssignment: write(arm.createRoleAssignment),
    deleteRoleAssignment: write(arm.deleteRoleAssignment),
    resumeIdentityUpdate: async (target, kind, token) => {
      plan.alive('an ARM read');
      const update = await arm.resumeIdentityUpdate(target, kind, token);
      plan.reach('arm.poll:after');
      return update;
    },
  };
}

/** The services an instance builds, with ARM, the ledger and the nudger passing through the plan. */
export function faultyServices(plan: FaultPlan, services: Services): Services {
  return {
    ...services,
    arm: faultyArm(plan, services.arm),
    ledger: faultyLedger(plan, services.ledger),
    nudger: faultyNudger(plan, services.nudger),
    // services.events is the publisher `faultyPublisher` already wraps (through wrapEvents).
  };
}
