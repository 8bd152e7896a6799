import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SERVICENOW_VARIABLES,
  mapServiceNowDelivery,
} from '../../../src/core/tickets/serviceNowTicket.js';

const AA =
  '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-a/providers/Microsoft.Automation/automationAccounts/aa-one';
const UAI =
  '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-a/providers/Microsoft.ManagedIdentity/userAssignedIdentities/ua-one';
const SCOPE = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-data';
const OID = '3F9C1D7E-2B4A-4C61-9E8F-5A1B2C3D4E5F';
const SYS_ID = '0a1b2c3d4e5f60718293a4b5c6d7e8f9';
const INSTANCE = 'https://contoso.service-now.com';

const delivery = (variables: Record<string, unknown>, top: Record<string, unknown> = {}) => ({
  number: 'RITM0012345',
  sys_id: SYS_ID,
  requested_for: OID,
  variables,
  ...top,
});
const map = (body: unknown, variables = DEFAULT_SERVICENOW_VARIABLES) =>
  mapServiceNowDelivery(body, variables, INSTANCE);
const paths = (result: ReturnType<typeof map>) => (result.ok ? [] : result.error.errors.map((e) => e.path));

describe('mapServiceNowDelivery', () => {
  it('maps the operations JSON variable, the requester by object ID and the RITM as the ticket', () => {
    const result = map(
      delivery({
        target_resource_id: AA,
        operations_json: JSON.stringify([{ kind: 'enableSystemAssignedIdentity' }]),
        justification: 'runbook',
      }),
    );
    expect(result).toEqual({
      ok: true,
      value: {
        requester: { id: OID.toLowerCase() },
        draft: {
          target: AA,
          operations: [{ kind: 'enableSystemAssignedIdentity' }],
          justification: 'runbook',
          ticket: {
            system: 'servicenow',
            id: 'RITM0012345',
            url: `${INSTANCE}/sc_req_item.do?sys_id=${SYS_ID}`,
            recordId: SYS_ID,
          },
        },
      },
    });
  });

  it('takes one operation object as a list of one', () => {
    const result = map(
      delivery({
        target_resource_id: AA,
        operations_json: '{"kind":"attachUserAssignedIdentity","identity":"' + UAI + '"}',
        justification: 'j',
      }),
    );
    expect(result.ok && result.value.draft.operations).toEqual([
      { kind: 'attachUserAssignedIdentity', identity: UAI },
    ]);
  });

  it('assembles discrete variables into one operation, systemAssigned by default, empty ones left out', () => {
    const result = map(
      delivery({
        target_resource_id: AA,
        operation_kind: 'assignRole',
        role: 'Reader',
        scope: SCOPE,
        duration: '',
        principal: '',
        justification: 'j',
      }),
    );
    expect(result.ok && result.value.draft.operations).toEqual([
      { kind: 'assignRole', principal: 'systemAssigned', role: 'Reader', scope: SCOPE },
    ]);
  });

  it('reads the variables a custom map names', () => {
    const result = map(
      delivery({ resource: AA, ops: '[{"kind":"enableSystemAssignedIdentity"}]', why: 'j' }),
      {
        ...DEFAULT_SERVICENOW_VARIABLES,
        target: 'resource',
        operations: 'ops',
        justification: 'why',
      },
    );
    expect(result.ok).toBe(true);
  });

  it.each([
    ['a name', 'Jane Doe'],
    ['a UPN', 'jane@contoso.com'],
    ['a ServiceNow sys_id', SYS_ID],
    ['nothing', ''],
  ])('refuses requested_for as %s, naming the field', (_, requestedFor) => {
    const result = map(delivery({}, { requested_for: requestedFor }));
    expect(paths(result)).toContain('requested_for');
  });

  it('refuses unknown top-level fields and a malformed number or sys_id', () => {
    expect(paths(map(delivery({}, { requested_for_name: 'Jane', number: 'RITM 1', sys_id: 'abc' })))).toEqual(
      expect.arrayContaining(['requested_for_name', 'number', 'sys_id']),
    );
  });

  it('names every unmappable variable by its catalog name and the request field it fills', () => {
    const result = map(
      delivery({
        target_resource_id: 'kv-prod',
        operations_json: '[{"kind":"assignRole","principal":"systemAssigned","scope":"' + SCOPE + '"}]',
      }),
    );
    expect(result.ok ? [] : result.error.errors).toEqual(
      expect.arrayContaining([
        { path: 'variables.target_resource_id', message: expect.stringContaining('(target)') },
        { path: 'variables.justification', message: 'is required (justification)' },
        { path: 'variables.operations_json[0].role', message: expect.stringContaining('(operations)') },
      ]),
    );
  });

  it('names a discrete variable by its catalog name', () => {
    const result = map(
      delivery({ target_resource_id: AA, operation_kind: 'assignRole', scope: SCOPE, justification: 'j' }),
    );
    expect(paths(result)).toEqual(['variables.role']);
  });

  it('refuses both forms at once, a kind it does not know, and variables that do not fit the kind', () => {
    expect(
      paths(
        map(delivery({ target_resource_id: AA, operations_json: '[]', role: 'Reader', justification: 'j' })),
      ),
    ).toEqual(['variables.role']);
    expect(
      paths(map(delivery({ target_resource_id: AA, operation_kind: 'grantEverything', justification: 'j' }))),
    ).toEqual(['variables.operation_kind']);
    expect(
      paths(
        map(
          delivery({
            target_resource_id: AA,
            operation_kind: 'enableSystemAssignedIdentity',
            role: 'Reader',
            justification: 'j',
          }),
        ),
      ),
    ).toEqual(['variables.role']);
  });

  it('refuses operations that are not JSON, and no operations at all, with the other fields at fault too', () => {
    expect(
      paths(map(delivery({ target_resource_id: AA, operations_json: '[{kind:', justification: 'j' }))),
    ).toEqual(['variables.operations_json']);
    expect(paths(map(delivery({ target_resource_id: AA })))).toEqual([
      'variables.operations_json',
      'variables.justification',
    ]);
  });

  it('refuses a mapped variable that is not a string', () => {
    expect(
      paths(map(delivery({ target_resource_id: 42, operations_json: '[]', justification: 'j' }))),
    ).toEqual(['variables.target_resource_id']);
  });

  it('refuses a body that is not an object', () => {
    for (const body of [null, [], 'RITM0012345', 7]) expect(map(body).ok).toBe(false);
  });
});
