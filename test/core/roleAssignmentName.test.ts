import { describe, expect, it } from 'vitest';
import { roleAssignmentName, roleDefinitionGuid, uuidV5 } from '../../src/core/roleAssignmentName.js';
import { roleAssignmentBody, roleAssignmentPath } from '../../src/core/roleAssignmentPath.js';
import { KV, ROLE_GUIDS, SUB } from '../fakes/ids.js';

const DNS_NAMESPACE = Buffer.from('6ba7b8109dad11d180b400c04fd430c8', 'hex');
const READER = ROLE_GUIDS.Reader;
const PRINCIPAL = '5a5a5a5a-0000-4000-8000-000000000001';

describe('uuidV5', () => {
  it('matches the RFC 4122 version 5 vector for www.example.com in the DNS namespace', () => {
    expect(uuidV5('www.example.com', DNS_NAMESPACE)).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  it('sets the version and variant bits under the broker namespace too', () => {
    expect(uuidV5('anything')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it('is deterministic and differs per name and per namespace', () => {
    expect(uuidV5('a')).toBe(uuidV5('a'));
    expect(uuidV5('a')).not.toBe(uuidV5('b'));
    expect(uuidV5('a', DNS_NAMESPACE)).not.toBe(uuidV5('a'));
  });
});

describe('roleAssignmentName', () => {
  const name = roleAssignmentName(
    KV,
    PRINCIPAL,
    `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${READER}`,
  );

  it('is a version 5 UUID', () => {
    expect(name).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('is the same whatever the casing of the scope and the principal ID', () => {
    expect(
      roleAssignmentName(
        KV.toUpperCase(),
        PRINCIPAL.toUpperCase(),
        `/providers/Microsoft.Authorization/roleDefinitions/${READER}`,
      ),
    ).toBe(name);
  });

  it('is the same for a role definition ID with or without its subscription prefix, or the bare GUID', () => {
    expect(
      roleAssignmentName(KV, PRINCIPAL, `/providers/Microsoft.Authorization/roleDefinitions/${READER}`),
    ).toBe(name);
    expect(roleAssignmentName(KV, PRINCIPAL, READER.toUpperCase())).toBe(name);
  });

  it('differs per principal, per role and per scope', () => {
    expect(roleAssignmentName(KV, '5a5a5a5a-0000-4000-8000-000000000002', READER)).not.toBe(name);
    expect(roleAssignmentName(KV, PRINCIPAL, ROLE_GUIDS.Contributor)).not.toBe(name);
    expect(roleAssignmentName(`/subscriptions/${SUB}`, PRINCIPAL, READER)).not.toBe(name);
  });
});

describe('role definitions and assignment paths', () => {
  it('takes the GUID, lower-cased, from any form of role definition ID', () => {
    expect(
      roleDefinitionGuid(
        `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${READER.toUpperCase()}`,
      ),
    ).toBe(READER);
    expect(roleDefinitionGuid(READER)).toBe(READER);
  });

  it('puts an assignment under its scope and grants only to service principals', () => {
    expect(roleAssignmentPath(KV, 'n1')).toBe(`${KV}/providers/Microsoft.Authorization/roleAssignments/n1`);
    expect(roleAssignmentBody('def', 'p1')).toEqual({
      properties: { roleDefinitionId: 'def', principalId: 'p1', principalType: 'ServicePrincipal' },
    });
  });
});
