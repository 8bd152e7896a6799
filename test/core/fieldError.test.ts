import { describe, expect, it } from 'vitest';
import { formatPath } from '../../src/core/fieldError.js';

describe('formatPath', () => {
  it.each([
    [['operations', 2, 'foo'], 'operations[2].foo'],
    [['ticket', 'url'], 'ticket.url'],
    [['justification'], 'justification'],
    [[0, 'kind'], '[0].kind'],
    [[], '(body)'],
  ] as const)('writes %j as %s', (path, expected) => {
    expect(formatPath(path)).toBe(expected);
  });
});
