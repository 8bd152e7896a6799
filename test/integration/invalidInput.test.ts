import { TableClient } from '@azure/data-tables';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AUTOMATION_ACCOUNT_PLAIN, UAI_RUNBOOKS } from '../../dev/armSandbox/seed.js';
import { REQUESTS_TABLE } from '../../src/adapters/tables/tableNames.js';
import { type TestBroker, startTestBroker } from '../support/testBroker.js';
import { expectLedgerMatchesArm } from '../support/ledgerCheck.js';

let broker: TestBroker;
beforeAll(async () => {
  broker = await startTestBroker();
});
afterAll(() => broker.close());
// Every assignment Azure holds for the broker is held by a live request, and no record claims more.
afterEach(() => expectLedgerMatchesArm(broker));
beforeEach(() => broker.reset());

async function storedRows(): Promise<number> {
  const table = TableClient.fromConnectionString(broker.azurite.connectionString, REQUESTS_TABLE, {
    allowInsecureConnection: true,
  });
  let rows = 0;
  for await (const _ of table.listEntities()) rows++;
  return rows;
}

const errorPaths = (json: { errors: Array<{ path: string }> }) => json.errors.map((e) => e.path);

describe('invalid submissions', () => {
  it('answers 400 problem+json naming every invalid field, and stores nothing', async () => {
    const response = await broker.submit({
      target:
        '/subscriptions/not-a-guid/resourceGroups/rg/providers/Microsoft.Automation/automationAccounts/aa',
      operations: [
        { kind: 'enableSystemAssignedIdentity', extra: true },
        { kind: 'grantEverything' },
        {
          kind: 'attachUserAssignedIdentity',
          identity:
            '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv',
        },
        { kind: 'assignRole', principal: 'someone', role: 'Reader', scope: 'subscriptions/x' },
      ],
      justification: '   ',
      requestedBy: 'i-am-admin',
    });
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toBe('application/problem+json');
    expect(response.json).toMatchObject({
      type: 'urn:identity-broker:problem:invalidRequest',
      status: 400,
      title: 'The request is invalid',
    });
    expect(errorPaths(response.json).sort()).toEqual(
      [
        'target',
        'operations[0].extra',
        'operations[1].kind',
        'operations[2].identity',
        'operations[3].principal',
        'operations[3].scope',
        'justification',
        'requestedBy',
      ].sort(),
    );
    expect(await storedRows()).toBe(0);
    expect(broker.armCalls()).toEqual([]);
  });

  it('refuses a missing justification, an unsupported target type and an empty operation list', async () => {
    const response = await broker.submit({ target: UAI_RUNBOOKS.id, operations: [] });
    expect(response.status).toBe(400);
    expect(response.json.errors).toEqual([
      {
        path: 'target',
        message: expect.stringContaining(
          'Microsoft.Automation/automationAccounts or Microsoft.Compute/virtualMachines',
        ),
      },
      { path: 'operations', message: 'must list at least one operation' },
      { path: 'justification', message: 'is required' },
    ]);
  });

  it('refuses operations that contradict each other', async () => {
    const response = await broker.submit({
      target: AUTOMATION_ACCOUNT_PLAIN,
      operations: [
        { kind: 'enableSystemAssignedIdentity' },
        { kind: 'disableSystemAssignedIdentity' },
        { kind: 'attachUserAssignedIdentity', identity: UAI_RUNBOOKS.id },
        {
          kind: 'detachUserAssignedIdentity',
          identity: UAI_RUNBOOKS.id.toLowerCase().replace('/subscriptions/', '/SUBSCRIPTIONS/'),
        },
      ],
      justification: 'contradictions',
    });
    expect(response.status).toBe(400);
    expect(errorPaths(response.json)).toEqual(['operations[1]', 'operations[3]']);
  });

  it('answers 400 to a body that is not JSON, 413 to one too large, 415 to another media type', async () => {
    const notJson = await broker.call('POST', '/api/identity-requests', {
      body: '{"target": ',
      headers: { 'content-type': 'application/json' },
    });
    expect(notJson.status).toBe(400);
    expect(notJson.json.detail).toContain('not valid JSON');
    const large = await broker.call('POST', '/api/identity-requests', {
      body: { justification: 'x'.repeat(70_000) },
    });
    expect(large.status).toBe(413);
    const xml = await broker.call('POST', '/api/identity-requests', {
      body: '<request/>',
      headers: { 'content-type': 'application/xml' },
    });
    expect(xml.status).toBe(415);
    const array = await broker.submit([{ target: AUTOMATION_ACCOUNT_PLAIN }]);
    expect(array.status).toBe(400);
    expect(await storedRows()).toBe(0);
  });

  it('answers 422, storing nothing, when the target or an identity does not exist', async () => {
    const response = await broker.submit({
      target: AUTOMATION_ACCOUNT_PLAIN.replace('aa-patching', 'aa-missing'),
      operations: [{ kind: 'enableSystemAssignedIdentity' }],
      justification: 'missing target',
    });
    expect(response.status).toBe(422);
    expect(response.json.errors).toEqual([{ path: 'target', message: 'does not exist' }]);
    const identity = await broker.submit({
      target: AUTOMATION_ACCOUNT_PLAIN,
      operations: [
        { kind: 'attachUserAssignedIdentity', identity: UAI_RUNBOOKS.id.replace('id-runbooks', 'id-nobody') },
      ],
      justification: 'missing identity',
    });
    expect(identity.status).toBe(422);
    expect(identity.json.errors).toEqual([{ path: 'operations[0].identity', message: 'does not exist' }]);
    expect(await storedRows()).toBe(0);
  });

  it('answers 404 for unknown routes, unknown request IDs and malformed IDs; 400 for bad list queries', async () => {
    expect((await broker.call('GET', '/api/identity-requests/ffff0000000000000000beef')).status).toBe(404);
    expect((await broker.call('GET', '/api/identity-requests/..%2F..%2Fsecrets')).status).toBe(404);
    expect((await broker.call('GET', '/api/nowhere')).status).toBe(404);
    const badQuery = await broker.call('GET', '/api/identity-requests?state=done&limit=1000&sort=asc');
    expect(badQuery.status).toBe(400);
    expect(errorPaths(badQuery.json).sort()).toEqual(['limit', 'sort', 'state']);
  });
});

describe('callers', () => {
  it('refuses a call without Easy Auth identity headers with 401', async () => {
    const anonymous = await broker.call('POST', '/api/identity-requests', { as: null, body: {} });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['content-type']).toBe('application/problem+json');
  });

  it('refuses a principal blob whose object ID disagrees with x-ms-client-principal-id', async () => {
    const spoofed = await broker.call('GET', '/api/identity-requests', {
      headers: { 'x-ms-client-principal-id': '00000000-0000-0000-0000-000000000001' },
    });
    expect(spoofed.status).toBe(401);
  });

  it('answers health without a caller', async () => {
    const health = await broker.call('GET', '/api/health', { as: null });
    expect(health).toMatchObject({ status: 200, json: { status: 'ok', storage: 'reachable' } });
  });
});
