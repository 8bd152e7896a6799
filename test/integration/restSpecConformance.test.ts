/*
 * Every request the broker sends in its real scenarios, checked against the published REST specs
 * (extracts in test/data/restSpecs, each naming its source file and commit): the api-version is one the spec
 * defines for the operation, and a body holds closed-enum values only, no read-only property, nothing the
 * schema does not list.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AUTOMATION_ACCOUNT_PLAIN,
  AUTOMATION_ACCOUNT_WITH_IDENTITIES,
  KEY_VAULT,
  UAI_REPORTING,
  UAI_RUNBOOKS,
  VM_PLAIN,
  VM_WITH_IDENTITY,
} from '../../dev/armSandbox/seed.js';
import type { ArmLogEntry } from '../../dev/armSandbox/types.js';
import { carryOut } from '../support/carryOut.js';
import { checkBody } from '../support/restSpecs/checkBody.js';
import { loadRestSpecs, operationsFor } from '../support/restSpecs/restSpecs.js';
import { type TestBroker, startTestBroker } from '../support/testBroker.js';

const specs = loadRestSpecs();
let broker: TestBroker;
const sent: ArmLogEntry[] = [];

beforeAll(async () => {
  broker = await startTestBroker({ sandboxes: { arm: { vmLroPolls: 1, retryAfterSeconds: 0 } } });
  const scenarios: Array<[string, unknown[]]> = [
    [
      VM_PLAIN,
      [
        { kind: 'enableSystemAssignedIdentity' },
        { kind: 'attachUserAssignedIdentity', identity: UAI_RUNBOOKS.id },
      ],
    ],
    [VM_WITH_IDENTITY, [{ kind: 'detachUserAssignedIdentity', identity: UAI_RUNBOOKS.id }]],
    [VM_WITH_IDENTITY, [{ kind: 'disableSystemAssignedIdentity' }]],
    [
      AUTOMATION_ACCOUNT_PLAIN,
      [
        { kind: 'enableSystemAssignedIdentity' },
        { kind: 'assignRole', principal: 'systemAssigned', role: 'Key Vault Secrets User', scope: KEY_VAULT },
      ],
    ],
    [
      AUTOMATION_ACCOUNT_WITH_IDENTITIES,
      [{ kind: 'attachUserAssignedIdentity', identity: UAI_REPORTING.id }],
    ],
    [AUTOMATION_ACCOUNT_WITH_IDENTITIES, [{ kind: 'detachUserAssignedIdentity', identity: UAI_RUNBOOKS.id }]],
    [AUTOMATION_ACCOUNT_WITH_IDENTITIES, [{ kind: 'disableSystemAssignedIdentity' }]],
  ];
  for (const [target, operations] of scenarios) {
    await broker.reset();
    const done = await carryOut(broker, target, operations);
    expect(done.state, JSON.stringify(done.history)).toBe('succeeded');
    sent.push(...broker.armCalls());
  }
}, 60_000);
afterAll(() => broker.close());

const described = (e: ArmLogEntry) => `${e.method} ${e.path}?api-version=${e.apiVersion ?? ''}`;
const matched = (e: ArmLogEntry) => operationsFor(specs, e.method, e.path);

describe('what the broker sends, against the published specs', () => {
  it('sends identity PATCHes and role assignment PUTs in the scenarios', () => {
    const kinds = new Set(sent.map((e) => matched(e).map((m) => m.operation.operationId)).flat());
    expect([...kinds]).toEqual(
      expect.arrayContaining([
        'VirtualMachines_Update',
        'AutomationAccount_Update',
        'RoleAssignments_Create',
      ]),
    );
  });

  it('uses api-versions the spec defines for each operation', () => {
    const wrong = sent
      .filter((e) => matched(e).length > 0)
      .filter((e) => !matched(e).some(({ spec }) => spec.apiVersions.includes(e.apiVersion ?? '')))
      .map(described);
    expect(wrong).toEqual([]);
  });

  it('sends bodies the request schemas accept: closed enums, no read-only property, nothing unlisted', () => {
    const problems = sent.flatMap((e) =>
      matched(e).flatMap(({ spec, operation }) => {
        if (!operation.body)
          return e.body === undefined ? [] : [`${described(e)}: a body where none is defined`];
        const schema = spec.definitions[operation.body];
        if (!schema) throw new Error(`${spec.file} has no ${operation.body}`);
        return checkBody(spec.definitions, schema, e.body).map((p) => `${described(e)} ${p}`);
      }),
    );
    expect(problems).toEqual([]);
  });

  it('sees each write answered with a status the spec lists (the sandbox stays faithful)', () => {
    const unlisted = sent
      .filter((e) => e.status < 400)
      .flatMap((e) =>
        matched(e)
          .filter(({ operation }) => operation.responses && !operation.responses.includes(String(e.status)))
          .map(() => `${described(e)} answered ${e.status}`),
      );
    expect(unlisted).toEqual([]);
  });

  it('sends no request the extracts do not name', () => {
    const unknown = sent
      .filter((e) => matched(e).length === 0)
      .map(
        (e) => `${e.method} ${e.path.replace(/[0-9a-f-]{36}/gi, '{id}')}?api-version=${e.apiVersion ?? ''}`,
      );
    expect([...new Set(unknown)]).toEqual([]);
  });
});

describe('the body checker', () => {
  const compute = specs.find((s) => s.file.startsWith('compute'));
  if (!compute) throw new Error('the compute extract is missing');
  const check = (body: unknown) =>
    checkBody(compute.definitions, { $ref: '#/definitions/VirtualMachineUpdate' }, body);

  it('refuses another spelling of the identity type', () => {
    expect(check({ identity: { type: 'SystemAssigned,UserAssigned' } })).toEqual([
      '$.identity.type: "SystemAssigned,UserAssigned" is not one of ["SystemAssigned","UserAssigned","SystemAssigned, UserAssigned","None"]',
    ]);
  });

  it('refuses read-only properties, in the identity and in a user-assigned value', () => {
    expect(
      check({
        identity: {
          type: 'UserAssigned',
          principalId: 'p',
          userAssignedIdentities: { [UAI_RUNBOOKS.id]: { clientId: 'c' } },
        },
      }),
    ).toEqual([
      '$.identity.principalId: read-only, must not be sent',
      `$.identity.userAssignedIdentities.${UAI_RUNBOOKS.id}.clientId: read-only, must not be sent`,
    ]);
  });

  it('accepts {} and null as user-assigned values and refuses what the schema does not list', () => {
    expect(check({ identity: { type: 'UserAssigned', userAssignedIdentities: { a: {}, b: null } } })).toEqual(
      [],
    );
    expect(check({ identity: { type: 'None', identityIds: [] } })).toEqual([
      '$.identity.identityIds: not in the published schema',
    ]);
  });
});
