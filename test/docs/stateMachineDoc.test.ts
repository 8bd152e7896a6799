import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TRANSITIONS } from '../../src/core/transitions.js';

const doc = readFileSync(new URL('../../docs/state-machine.md', import.meta.url), 'utf8');

describe('docs/state-machine.md', () => {
  it('draws exactly the transitions table', () => {
    const drawn = [...doc.matchAll(/^\s+(\w+) --> (\w+) : (\w+)$/gm)].map(
      ([, from, to, event]) => `${from} ${event} ${to}`,
    );
    const table = Object.entries(TRANSITIONS).flatMap(([from, events]) =>
      Object.entries(events).map(([event, to]) => `${from} ${event} ${to}`),
    );
    expect(drawn.sort()).toEqual(table.sort());
  });
});
