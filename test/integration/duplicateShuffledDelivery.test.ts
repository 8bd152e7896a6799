import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FaultPlan, faultyPublisher, faultyServices, faultyStore } from '../support/faultPoints.js';
import {
  expectSameOutcome,
  FaultDriver,
  type Observed,
  observe,
  type RequestShape,
  SHAPES,
  seededRandom,
} from '../support/faultRun.js';
import { expectLedgerMatchesArm } from '../support/ledgerCheck.js';
import { type TestBroker, startTestBroker } from '../support/testBroker.js';

const SEED = Number(process.env.FAULT_SEED ?? 20261203);
const RUNS = Number(process.env.SHUFFLE_RUNS ?? 24);

const plan = new FaultPlan(); // nothing armed: these runs have no crash, only a disorderly bus
let broker: TestBroker;
let driver: FaultDriver;
const clean = new Map<string, Observed>();

// Requests on different targets run side by side: their sessions, nudges and events interleave.
const byTarget = [...new Set(SHAPES.map((s) => s.target))].map((t) => SHAPES.filter((s) => s.target === t));

beforeAll(async () => {
  broker = await startTestBroker({
    sandboxes: { arm: { vmLroPolls: 1, retryAfterSeconds: 0 } },
    wrapStore: (store) => faultyStore(plan, store),
    wrapEvents: (events) => faultyPublisher(plan, events),
    wrapServices: (services) => faultyServices(plan, services),
  });
  driver = new FaultDriver(broker, plan);
  for (const shape of SHAPES) clean.set(shape.name, (await carryOut([shape]))[0] as Observed);
}, 60_000);
afterAll(() => broker.close());

/**
 * The requests submitted and approved together, then driven to rest; what each left behind. `random`: every
 * message delivered twice, in that random order (armed after the reset, which disarms every bus fault).
 */
async function carryOut(shapes: RequestShape[], random?: () => number): Promise<Observed[]> {
  await broker.reset();
  if (random) {
    broker.bus.faults.redeliverCompletedOnce = true;
    broker.bus.faults.shuffle = random;
  }
  const ids = await Promise.all(
    shapes.map((shape) =>
      driver.submit({ target: shape.target, operations: shape.operations, justification: 'disorder' }),
    ),
  );
  await Promise.all(ids.map((id) => driver.approve(id)));
  await driver.settle(ids);
  return Promise.all(ids.map((id, i) => observe(broker, id, (shapes[i] as RequestShape).target)));
}

describe('every message delivered twice, in random order among those ready', () => {
  it(`ends ${RUNS} runs of requests on three targets as each request's clean run did`, async () => {
    const random = seededRandom(SEED);
    let duplicatesDropped = 0;
    let redeliveries = 0;
    for (let run = 0; run < RUNS; run++) {
      const shapes = byTarget.map((group) => group[Math.floor(random() * group.length)] as RequestShape);
      const context = `seed ${SEED}, run ${run}: ${shapes.map((s) => s.name).join(' + ')}`;
      let observed: Observed[];
      try {
        observed = await carryOut(shapes, random);
        expect(broker.bus.redeliveries, `${context}: completed messages delivered again`).toBeGreaterThan(0);
        redeliveries += broker.bus.redeliveries;
      } finally {
        broker.bus.reset();
      }
      const cleanOnes = shapes.map((s) => clean.get(s.name) as Observed);
      observed.forEach((o, i) => {
        const expected = cleanOnes[i] as Observed;
        // Writes and grants are the whole sandbox's: the union of what each request made alone.
        expectSameOutcome(
          { ...o, writes: {}, grants: [] },
          { ...expected, writes: {}, grants: [] },
          `${context}: ${shapes[i]?.name}`,
        );
      });
      const union = (pick: (o: Observed) => string[]) => [...new Set(cleanOnes.flatMap(pick))].sort();
      const first = observed[0] as Observed;
      expect(first.grants, context).toEqual(union((o) => o.grants));
      expect(Object.keys(first.writes).sort(), context).toEqual(union((o) => Object.keys(o.writes)));
      for (const [write, times] of Object.entries(first.writes))
        if (write.startsWith('PATCH'))
          expect(times, `${context}: ${write}`).toBe(
            cleanOnes.reduce((n, o) => n + (o.writes[write] ?? 0), 0),
          );
      duplicatesDropped += observed.reduce((n, o) => n + o.duplicates, 0);
      await expectLedgerMatchesArm(broker);
    }
    console.log(
      `shuffled runs: ${RUNS}, completed messages delivered again: ${redeliveries}, event copies past the topic's duplicate detection: ${duplicatesDropped}`,
    );
  }, 180_000);
});
