import { describe, expect, it } from 'vitest';
import {
  type InvalidRequest,
  parseHttpSubmission,
  parseQueueSubmission,
} from '../../src/core/parseSubmission.js';
import type { Result } from '../../src/core/result.js';
import { AA, KV, RG, SUB, UA1, UA2, VM } from '../fakes/ids.js';

const body = (operations: unknown[], extra: Record<string, unknown> = {}) => ({
  target: AA,
  operations,
  justification: 'nightly rotation runbook reads secrets',
  ...extra,
});
const grant = { kind: 'assignRole', principal: 'systemAssigned', role: 'Key Vault Secrets User', scope: KV };

const errorsOf = <T>(result: Result<T, InvalidRequest>) => {
  if (result.ok) throw new Error('expected the submission to be refused');
  return result.error.errors;
};
const valueOf = <T>(result: Result<T, InvalidRequest>): T => {
  if (!result.ok) throw new Error(`expected the submission to parse: ${JSON.stringify(result.error.errors)}`);
  return result.value;
};

describe('parseHttpSubmission: the six operation kinds', () => {
  it.each([
    [{ kind: 'enableSystemAssignedIdentity' }],
    [{ kind: 'disableSystemAssignedIdentity' }],
    [{ kind: 'attachUserAssignedIdentity', identity: UA1 }],
    [{ kind: 'detachUserAssignedIdentity', identity: UA1 }],
    [grant],
    [
      {
        kind: 'assignRole',
        principal: UA1,
        role: 'Reader',
        scope: `/subscriptions/${SUB}`,
        duration: 'PT8H',
      },
    ],
    [{ kind: 'assignRole', principal: UA1, role: 'Reader', scope: RG, expiresAt: '2026-12-01T00:00:00Z' }],
    [
      {
        kind: 'removeRoleAssignment',
        principal: UA1,
        role: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
        scope: RG,
      },
    ],
  ])('accepts %j', (operation) => {
    expect(valueOf(parseHttpSubmission(body([operation]))).operations).toEqual([operation]);
  });

  it('accepts a virtual machine target, a ticket and every operation in one request', () => {
    const submission = body(
      [
        { kind: 'enableSystemAssignedIdentity' },
        { kind: 'attachUserAssignedIdentity', identity: UA1 },
        { kind: 'detachUserAssignedIdentity', identity: UA2 },
        grant,
        { kind: 'removeRoleAssignment', principal: UA1, role: 'Reader', scope: RG },
      ],
      {
        target: VM,
        ticket: { system: 'servicenow', id: 'RITM0012345', url: 'https://contoso.service-now.com/x' },
      },
    );
    expect(valueOf(parseHttpSubmission(submission))).toEqual(submission);
  });
});

describe('parseHttpSubmission: normalisation', () => {
  it('returns every resource ID in canonical casing, names untouched', () => {
    const loud = (id: string) =>
      id
        .replace('/subscriptions/', '/SUBSCRIPTIONS/')
        .replace('/resourceGroups/', '/resourcegroups/')
        .replace(
          'Microsoft.ManagedIdentity/userAssignedIdentities',
          'microsoft.managedidentity/USERASSIGNEDIDENTITIES',
        )
        .replace('Microsoft.Automation/automationAccounts', 'MICROSOFT.AUTOMATION/automationaccounts')
        .replace('Microsoft.KeyVault/vaults', 'microsoft.keyvault/VAULTS');
    const draft = valueOf(
      parseHttpSubmission({
        ...body([
          { kind: 'attachUserAssignedIdentity', identity: loud(UA1) },
          { kind: 'assignRole', principal: loud(UA1), role: 'Reader', scope: loud(KV) },
          { kind: 'removeRoleAssignment', principal: loud(UA2), role: 'Reader', scope: loud(RG) },
        ]),
        target: loud(AA),
      }),
    );
    expect(draft.target).toBe(AA);
    expect(draft.operations).toEqual([
      { kind: 'attachUserAssignedIdentity', identity: UA1 },
      { kind: 'assignRole', principal: UA1, role: 'Reader', scope: KV },
      { kind: 'removeRoleAssignment', principal: UA2, role: 'Reader', scope: RG },
    ]);
  });
});

describe('parseHttpSubmission: conflicting operations', () => {
  it('refuses enabling and disabling the system-assigned identity together', () => {
    expect(
      errorsOf(
        parseHttpSubmission(
          body([{ kind: 'enableSystemAssignedIdentity' }, { kind: 'disableSystemAssignedIdentity' }]),
        ),
      ),
    ).toEqual([{ path: 'operations[1]', message: 'acts on the same identity as operations[0]' }]);
  });

  it('refuses attaching and detaching the same identity, spelled in another casing', () => {
    const detach = {
      kind: 'detachUserAssignedIdentity',
      identity: UA1.replace('ua-one', 'UA-One').replace('/resourceGroups/', '/RESOURCEGROUPS/'),
    };
    expect(
      errorsOf(parseHttpSubmission(body([{ kind: 'attachUserAssignedIdentity', identity: UA1 }, detach]))),
    ).toEqual([{ path: 'operations[1]', message: 'acts on the same identity as operations[0]' }]);
  });

  it('refuses granting and removing the same role for the same principal at the same scope', () => {
    const remove = {
      ...grant,
      kind: 'removeRoleAssignment',
      role: 'key vault secrets user',
      scope: KV.toUpperCase(),
    };
    expect(
      errorsOf(parseHttpSubmission(body([{ kind: 'enableSystemAssignedIdentity' }, grant, remove]))),
    ).toEqual([{ path: 'operations[2]', message: 'acts on the same role assignment as operations[1]' }]);
  });

  it('lets the same role go to two principals, or to one principal at two scopes', () => {
    const other = { kind: 'assignRole', principal: UA1, role: grant.role, scope: KV };
    const elsewhere = { ...grant, scope: RG };
    expect(
      parseHttpSubmission(body([{ kind: 'enableSystemAssignedIdentity' }, grant, other, elsewhere])).ok,
    ).toBe(true);
  });

  it('refuses granting a role to the system-assigned identity the same request disables', () => {
    expect(errorsOf(parseHttpSubmission(body([grant, { kind: 'disableSystemAssignedIdentity' }])))).toEqual([
      {
        path: 'operations[0].principal',
        message: 'is removed from the target by operations[1] in the same request',
      },
    ]);
  });

  it('refuses granting a role to a user-assigned identity the same request detaches', () => {
    const operations = [
      { kind: 'detachUserAssignedIdentity', identity: UA1 },
      { kind: 'assignRole', principal: UA1.toLowerCase(), role: 'Reader', scope: KV },
    ];
    expect(errorsOf(parseHttpSubmission(body(operations)))).toEqual([
      {
        path: 'operations[1].principal',
        message: 'is removed from the target by operations[0] in the same request',
      },
    ]);
  });

  it('lets a request remove a role from an identity it then detaches', () => {
    const operations = [
      { kind: 'removeRoleAssignment', principal: UA1, role: 'Reader', scope: KV },
      { kind: 'detachUserAssignedIdentity', identity: UA1 },
    ];
    expect(parseHttpSubmission(body(operations)).ok).toBe(true);
  });

  it('refuses a duration and an expiry on the same grant', () => {
    const both = { ...grant, duration: 'P1D', expiresAt: '2026-12-01T00:00:00Z' };
    expect(errorsOf(parseHttpSubmission(body([{ kind: 'enableSystemAssignedIdentity' }, both])))).toEqual([
      { path: 'operations[1].expiresAt', message: 'cannot be combined with duration' },
    ]);
  });
});

describe('parseQueueSubmission', () => {
  it('accepts a message that names its sender and keeps the name', () => {
    const message = { ...body([{ kind: 'enableSystemAssignedIdentity' }]), requestedBy: 'payroll-service' };
    expect(valueOf(parseQueueSubmission(message))).toEqual(message);
  });

  it('requires requestedBy', () => {
    expect(
      errorsOf(parseQueueSubmission(body([{ kind: 'enableSystemAssignedIdentity' }]))).map((e) => e.path),
    ).toEqual(['requestedBy']);
    expect(
      errorsOf(
        parseQueueSubmission({ ...body([{ kind: 'enableSystemAssignedIdentity' }]), requestedBy: '' }),
      ),
    ).toEqual([{ path: 'requestedBy', message: 'is required' }]);
  });

  it('treats a blank requestedBy as missing, and refuses one over 256 characters', () => {
    const withSender = (requestedBy: unknown) =>
      errorsOf(parseQueueSubmission({ ...body([{ kind: 'enableSystemAssignedIdentity' }]), requestedBy }));
    expect(withSender(' \t ')).toEqual([{ path: 'requestedBy', message: 'is required' }]);
    expect(withSender(42)).toEqual([{ path: 'requestedBy', message: 'is required' }]);
    expect(withSender('s'.repeat(257))).toEqual([
      { path: 'requestedBy', message: 'must be at most 256 characters' },
    ]);
    expect(
      valueOf(
        parseQueueSubmission({
          ...body([{ kind: 'enableSystemAssignedIdentity' }]),
          requestedBy: 's'.repeat(256),
        }),
      ).requestedBy,
    ).toBe('s'.repeat(256));
  });

  it('refuses requestedBy in an HTTP body: the requester is the authenticated caller', () => {
    const withRequester = {
      ...body([{ kind: 'enableSystemAssignedIdentity' }]),
      requestedBy: 'someone-else',
    };
    expect(errorsOf(parseHttpSubmission(withRequester))).toEqual([
      { path: 'requestedBy', message: 'is not allowed here (unknown field)' },
    ]);
  });
});
