import { describe, expect, it } from 'vitest';
import { parseHttpSubmission } from '../../src/core/parseSubmission.js';
import { AA, KV, RG, SUB, UA1 } from '../fakes/ids.js';

const enable = { kind: 'enableSystemAssignedIdentity' };
const body = (extra: Record<string, unknown> = {}) => ({
  target: AA,
  operations: [enable],
  justification: 'nightly rotation runbook reads secrets',
  ...extra,
});
const grantWith = (fields: Record<string, unknown>) => ({
  kind: 'assignRole',
  principal: UA1,
  role: 'Reader',
  scope: KV,
  ...fields,
});

const errorsOf = (submission: unknown) => {
  const result = parseHttpSubmission(submission);
  if (result.ok) throw new Error('expected the submission to be refused');
  return result.error.errors;
};
const KINDS =
  'must be one of: enableSystemAssignedIdentity, disableSystemAssignedIdentity, attachUserAssignedIdentity, ' +
  'detachUserAssignedIdentity, assignRole, removeRoleAssignment';

describe('request schema: the body', () => {
  it.each([[null], [[]], ['text'], [42]])('refuses %j: the body must be a JSON object', (value) => {
    expect(errorsOf(value)).toEqual([{ path: '(body)', message: 'must be a JSON object' }]);
  });

  it('names each unknown field with its path, at every level', () => {
    const submission = body({
      operations: [enable, { kind: 'attachUserAssignedIdentity', identity: UA1 }, { ...enable, foo: 1 }],
      ticket: { system: 'jira', id: 'OPS-1', bar: true },
      extra: 'x',
    });
    expect(errorsOf(submission)).toEqual([
      { path: 'operations[2].foo', message: 'is not allowed here (unknown field)' },
      { path: 'ticket.bar', message: 'is not allowed here (unknown field)' },
      { path: 'extra', message: 'is not allowed here (unknown field)' },
    ]);
  });

  it('names two unknown fields of one object one by one', () => {
    expect(errorsOf(body({ a: 1, b: 2 }))).toEqual([
      { path: 'a', message: 'is not allowed here (unknown field)' },
      { path: 'b', message: 'is not allowed here (unknown field)' },
    ]);
  });

  it('refuses an unknown operation kind, and an operation without one', () => {
    expect(errorsOf(body({ operations: [enable, { kind: 'grantEverything' }, {}] }))).toEqual([
      { path: 'operations[1].kind', message: KINDS },
      { path: 'operations[2].kind', message: KINDS },
    ]);
  });

  it('refuses an empty list of operations and more than 20', () => {
    expect(errorsOf(body({ operations: [] }))).toEqual([
      { path: 'operations', message: 'must list at least one operation' },
    ]);
    const many = Array.from({ length: 21 }, (_, i) => grantWith({ scope: `${RG}-${i}` }));
    expect(errorsOf(body({ operations: many }))).toEqual([
      { path: 'operations', message: 'may list at most 20 operations' },
    ]);
  });

  it.each([[{}], [{ justification: '' }], [{ justification: '   \n\t' }], [{ justification: 7 }]])(
    'requires a justification (%j)',
    (justification) => {
      const submission: Record<string, unknown> = { ...body(), ...justification };
      if (!('justification' in justification)) delete submission.justification;
      expect(errorsOf(submission)).toEqual([{ path: 'justification', message: 'is required' }]);
    },
  );

  it('refuses a justification over 2000 characters', () => {
    expect(errorsOf(body({ justification: 'x'.repeat(2001) }))).toEqual([
      { path: 'justification', message: 'must be at most 2000 characters' },
    ]);
  });

  it('refuses a ticket link that is not http or https', () => {
    expect(
      errorsOf(body({ ticket: { system: 'jira', id: 'OPS-1', url: 'javascript:alert(1)' } })).map(
        (e) => e.path,
      ),
    ).toEqual(['ticket.url']);
  });
});

describe('request schema: resource IDs', () => {
  it.each([
    [
      KV,
      'must be a resource of type Microsoft.Automation/automationAccounts or Microsoft.Compute/virtualMachines',
    ],
    [
      RG,
      'must be a resource of type Microsoft.Automation/automationAccounts or Microsoft.Compute/virtualMachines',
    ],
    [
      `${AA}/runbooks/rb`,
      'must be a resource of type Microsoft.Automation/automationAccounts or Microsoft.Compute/virtualMachines',
    ],
    [`${AA}/`, "is not a valid ARM resource ID: it must not end with '/'"],
  ])('refuses the target %s', (target, message) => {
    expect(errorsOf(body({ target }))).toEqual([{ path: 'target', message }]);
  });

  it('refuses an identity that is not a user-assigned identity', () => {
    expect(errorsOf(body({ operations: [{ kind: 'attachUserAssignedIdentity', identity: KV }] }))).toEqual([
      {
        path: 'operations[0].identity',
        message: 'must be the resource ID of a Microsoft.ManagedIdentity/userAssignedIdentities',
      },
    ]);
    expect(
      errorsOf(body({ operations: [{ kind: 'detachUserAssignedIdentity', identity: 'ua-one' }] })),
    ).toEqual([
      { path: 'operations[0].identity', message: "is not a valid ARM resource ID: it must start with '/'" },
    ]);
  });

  it('refuses a principal that is neither systemAssigned nor a user-assigned identity', () => {
    expect(errorsOf(body({ operations: [grantWith({ principal: AA })] }))).toEqual([
      {
        path: 'operations[0].principal',
        message: "must be 'systemAssigned' or the resource ID of a user-assigned identity",
      },
    ]);
    expect(errorsOf(body({ operations: [grantWith({ principal: 42 })] }))).toEqual([
      {
        path: 'operations[0].principal',
        message: "must be 'systemAssigned' or the resource ID of a user-assigned identity",
      },
    ]);
    expect(
      errorsOf(body({ operations: [grantWith({ principal: 'SystemAssigned' })] })).map((e) => e.path),
    ).toEqual(['operations[0].principal']);
    // A name, or an ID that does not parse, gets the same message: it says what would be accepted.
    for (const principal of ['SystemAssigned', 'ua-one', `${UA1}/`, KV])
      expect(errorsOf(body({ operations: [grantWith({ principal })] }))).toEqual([
        {
          path: 'operations[0].principal',
          message: "must be 'systemAssigned' or the resource ID of a user-assigned identity",
        },
      ]);
  });

  it('accepts every scope kind and refuses a scope that is not an ARM ID', () => {
    const scopes = ['/providers/Microsoft.Management/managementGroups/mg', `/subscriptions/${SUB}`, RG, KV];
    expect(parseHttpSubmission(body({ operations: scopes.map((scope) => grantWith({ scope })) })).ok).toBe(
      true,
    );
    expect(errorsOf(body({ operations: [grantWith({ scope: 'kv-prod' })] }))).toEqual([
      { path: 'operations[0].scope', message: "is not a valid ARM resource ID: it must start with '/'" },
    ]);
  });

  it('refuses a blank role and one with surrounding white space', () => {
    expect(errorsOf(body({ operations: [grantWith({ role: '' })] }))).toEqual([
      { path: 'operations[0].role', message: 'is required' },
    ]);
    expect(errorsOf(body({ operations: [grantWith({ role: ' Reader' })] }))).toEqual([
      { path: 'operations[0].role', message: 'must not start or end with white space' },
    ]);
  });
});

describe('request schema: durations', () => {
  it.each(['PT8H', 'P30D', 'P1W', 'P1DT12H', 'PT90M', 'P3650D'])('accepts the duration %s', (duration) => {
    expect(parseHttpSubmission(body({ operations: [grantWith({ duration })] })).ok).toBe(true);
  });

  it.each([
    'P1Y',
    'P1M',
    'P',
    'PT',
    '1D',
    'P1DT',
    'PT0S',
    'pt8h',
    'P1.5D',
    'P1W2D',
    '',
    'P3651D',
    'P999999999D',
  ])('refuses the duration %j', (duration) => {
    expect(errorsOf(body({ operations: [grantWith({ duration })] }))).toEqual([
      {
        path: 'operations[0].duration',
        message:
          "must be an ISO 8601 duration in weeks, days, hours, minutes or seconds, such as 'PT8H' or 'P30D'",
      },
    ]);
  });

  it('refuses an expiry that is not an ISO 8601 date and time', () => {
    expect(errorsOf(body({ operations: [grantWith({ expiresAt: 'tomorrow' })] }))).toEqual([
      { path: 'operations[0].expiresAt', message: 'must be an ISO 8601 date and time' },
    ]);
  });

  it('refuses a duration on a role removal', () => {
    const removal = { ...grantWith({ duration: 'PT8H' }), kind: 'removeRoleAssignment' };
    expect(errorsOf(body({ operations: [removal] }))).toEqual([
      { path: 'operations[0].duration', message: 'is not allowed here (unknown field)' },
    ]);
  });
});
