import type { ResourceManagementClient } from '@azure/arm-resources';
import type { GenericResource, IdentityUserAssignedIdentitiesValue } from '@azure/arm-resources';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as seed from '../../dev/armSandbox/seed.js';
import {
  resourcesClient,
  sdkError,
  startTestSandboxes,
  type TestSandboxes,
} from './support/testSandboxes.js';

let s: TestSandboxes;
let resources: ResourceManagementClient;
beforeAll(async () => {
  s = await startTestSandboxes();
  resources = await resourcesClient(s);
});
afterAll(() => s.close());
beforeEach(() => s.arm.reset());

const API = '2023-11-01';
const account = seed.AUTOMATION_ACCOUNT_WITH_IDENTITIES;
const patch = (id: string, identity: NonNullable<GenericResource['identity']>, apiVersion = API) =>
  resources.resources.beginUpdateByIdAndWait(id, apiVersion, { identity });
/** The SDK types forbid null, but ARM needs it to remove one identity: it survives serialisation (see the wire test). */
const remove = null as unknown as IdentityUserAssignedIdentitiesValue;
const keysOf = (resource: GenericResource) => Object.keys(resource.identity?.userAssignedIdentities ?? {});

describe('Automation account identity through @azure/arm-resources', () => {
  it('returns system and user-assigned identities, keys spelled as stored', async () => {
    const got = await resources.resources.getById(account, API);
    expect(got.identity).toMatchObject({
      type: 'SystemAssigned, UserAssigned',
      principalId: seed.AUTOMATION_ACCOUNT_SYSTEM_PRINCIPAL_ID,
      tenantId: seed.TENANT_ID,
    });
    expect(keysOf(got)).toEqual([seed.UAI_RUNBOOKS.id, seed.LOWERCASE_UAI_REPORTING_KEY]);
    expect(got.identity?.userAssignedIdentities?.[seed.UAI_RUNBOOKS.id]).toEqual({
      principalId: seed.UAI_RUNBOOKS.principalId,
      clientId: seed.UAI_RUNBOOKS.clientId,
    });
  });

  it('drops every user-assigned identity when the type omits UserAssigned', async () => {
    const updated = await patch(account, { type: 'SystemAssigned' });
    expect(updated.identity).toMatchObject({
      type: 'SystemAssigned',
      principalId: seed.AUTOMATION_ACCOUNT_SYSTEM_PRINCIPAL_ID,
    });
    expect(updated.identity?.userAssignedIdentities).toBeUndefined();
  });

  it('deletes the system principal when the type omits SystemAssigned, and re-enabling makes a new one', async () => {
    const off = await patch(account, { type: 'UserAssigned' });
    expect(off.identity?.type).toBe('UserAssigned');
    expect(keysOf(off)).toHaveLength(2);
    expect(s.arm.state.principal(seed.AUTOMATION_ACCOUNT_SYSTEM_PRINCIPAL_ID)).toBeUndefined();
    const on = await patch(account, { type: 'SystemAssigned, UserAssigned' });
    const principalId = on.identity?.principalId ?? '';
    expect(principalId).not.toBe(seed.AUTOMATION_ACCOUNT_SYSTEM_PRINCIPAL_ID);
    expect(s.arm.state.principal(principalId)).toMatchObject({
      principalType: 'ServicePrincipal',
      resourceId: account,
    });
  });

  it('removes one identity sent as null, matching its key case-insensitively, and keeps the unlisted ones', async () => {
    const updated = await patch(account, {
      type: 'SystemAssigned, UserAssigned',
      userAssignedIdentities: { [seed.UAI_REPORTING.id]: remove },
    });
    expect(keysOf(updated)).toEqual([seed.UAI_RUNBOOKS.id]);
    // The null reaches the wire: @azure/arm-resources serialises it rather than dropping the key.
    expect(s.arm.log.at(-1)?.body).toEqual({
      identity: {
        type: 'SystemAssigned, UserAssigned',
        userAssignedIdentities: { [seed.UAI_REPORTING.id]: null },
      },
    });
  });

  it('attaches a user-assigned identity sent as {} under the key casing the caller used', async () => {
    const key = seed.UAI_RUNBOOKS.id.replace('Microsoft.ManagedIdentity', 'microsoft.managedidentity');
    const updated = await patch(seed.AUTOMATION_ACCOUNT_PLAIN, {
      type: 'UserAssigned',
      userAssignedIdentities: { [key]: {} },
    });
    expect(updated.identity?.userAssignedIdentities).toEqual({
      [key]: { principalId: seed.UAI_RUNBOOKS.principalId, clientId: seed.UAI_RUNBOOKS.clientId },
    });
    expect(updated.identity?.principalId).toBeUndefined();
  });

  it('answers 403 LinkedAuthorizationFailed for an identity the broker may not assign, changing nothing', async () => {
    const error = await sdkError(() =>
      patch(account, {
        type: 'SystemAssigned, UserAssigned',
        userAssignedIdentities: { [seed.UAI_UNASSIGNABLE.id]: {} },
      }),
    );
    expect(error).toMatchObject({ code: 'LinkedAuthorizationFailed', statusCode: 403 });
    expect(error.message).toContain(seed.UAI_UNASSIGNABLE.id);
    expect(Object.keys(s.arm.state.resource(account)?.identity.userAssignedIdentities ?? {})).toHaveLength(2);
  });

  it('rejects unknown identities, an empty user-assigned set and user-assigned entries without UserAssigned', async () => {
    const unknown = seed.UAI_RUNBOOKS.id.replace('id-runbooks', 'id-missing');
    expect(
      await sdkError(() =>
        patch(account, { type: 'UserAssigned', userAssignedIdentities: { [unknown]: {} } }),
      ),
    ).toMatchObject({
      code: 'InvalidUserAssignedIdentity',
      statusCode: 400,
    });
    const emptied = {
      type: 'UserAssigned' as const,
      userAssignedIdentities: { [seed.UAI_RUNBOOKS.id]: remove, [seed.UAI_REPORTING.id]: remove },
    };
    expect(await sdkError(() => patch(account, emptied))).toMatchObject({
      code: 'BadRequest',
      statusCode: 400,
    });
    const mismatched = {
      type: 'SystemAssigned' as const,
      userAssignedIdentities: { [seed.UAI_RUNBOOKS.id]: {} },
    };
    expect(await sdkError(() => patch(account, mismatched))).toMatchObject({
      code: 'BadRequest',
      statusCode: 400,
    });
  });

  it('turns everything off with type None, answering with no identity key', async () => {
    const updated = await patch(account, { type: 'None' });
    expect(updated.identity).toBeUndefined();
    expect(s.arm.state.principal(seed.AUTOMATION_ACCOUNT_SYSTEM_PRINCIPAL_ID)).toBeUndefined();
  });

  it('ignores identity silently on an api-version older than 2020-01-13-preview, as ARM does', async () => {
    const legacy = await patch(seed.AUTOMATION_ACCOUNT_PLAIN, { type: 'SystemAssigned' }, '2015-10-31');
    expect(legacy.identity).toBeUndefined();
    expect((await resources.resources.getById(account, '2019-06-01')).identity).toBeUndefined();
    expect((await resources.resources.getById(seed.AUTOMATION_ACCOUNT_PLAIN, API)).identity).toBeUndefined();
  });
});
