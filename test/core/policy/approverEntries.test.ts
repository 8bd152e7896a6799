import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { policyDocumentSchema } from '../../../src/core/policy/policyDocument.js';
import { toFieldErrors } from '../../../src/core/requestSchema.js';

const OID = '8d2e4f6a-1c3b-4d5e-8f7a-9b0c1d2e3f4a';
const GROUP = '5c4b3a29-1807-4f6e-9d5c-4b3a29180716';

/** The policy loader's problems, each as `path: message`. */
const problems = (document: unknown): string[] => {
  const result = policyDocumentSchema.safeParse(document);
  return result.success ? [] : toFieldErrors(result.error).map((f) => `${f.path}: ${f.message}`);
};
const approvers = (...entries: string[]) => problems({ approvers: entries });
const use = 'use the object ID, role:<app role> or group:<group object ID>';

describe('approvers in the policy document', () => {
  it('accepts object IDs, app roles and group object IDs', () => {
    expect(approvers(OID, OID.toUpperCase(), 'role:IdentityBroker.Approver', `group:${GROUP}`)).toEqual([]);
  });

  it('refuses a user principal name at load, naming its place', () => {
    expect(approvers(OID, 'approver@contoso.com')).toEqual([
      `approvers[1]: "approver@contoso.com" is a name, not an identity: ${use}`,
    ]);
  });

  it('refuses any other name, such as a display name or a bare app role', () => {
    expect(approvers('Ada', 'IdentityApprovers')).toEqual([
      `approvers[0]: "Ada" is a name, not an identity: ${use}`,
      `approvers[1]: "IdentityApprovers" is a name, not an identity: ${use}`,
    ]);
  });

  it('refuses role: with an empty name', () => {
    expect(approvers('role:')).toEqual([`approvers[0]: "role:" names no app role: ${use}`]);
  });

  it('refuses group: with anything but a group object ID', () => {
    expect(approvers('group:', 'group:Admins')).toEqual([
      `approvers[0]: "group:" is not a group object ID: ${use}`,
      `approvers[1]: "group:Admins" is not a group object ID: ${use}`,
    ]);
  });

  it('refuses white space anywhere in an entry', () => {
    expect(approvers(` ${OID}`, 'role: Approvers', 'role:Identity Approvers')).toEqual([
      `approvers[0]: " ${OID}" contains white space: ${use}`,
      `approvers[1]: "role: Approvers" contains white space: ${use}`,
      `approvers[2]: "role:Identity Approvers" contains white space: ${use}`,
    ]);
  });

  it('refuses unknown prefixes, including the known ones in another casing', () => {
    expect(approvers(`user:${OID}`, 'Role:Approvers', `GROUP:${GROUP}`)).toEqual([
      `approvers[0]: "user:${OID}" has an unknown prefix "user:": ${use}`,
      `approvers[1]: "Role:Approvers" has an unknown prefix "Role:": ${use}`,
      `approvers[2]: "GROUP:${GROUP}" has an unknown prefix "GROUP:": ${use}`,
    ]);
  });

  it('refuses an object ID in braces or with a scheme, which would never match a caller', () => {
    expect(approvers(`{${OID}}`, `urn:uuid:${OID}`)).toEqual([
      `approvers[0]: "{${OID}}" is a name, not an identity: ${use}`,
      `approvers[1]: "urn:uuid:${OID}" has an unknown prefix "urn:": ${use}`,
    ]);
  });

  it('names the place when the policy setting is loaded', () => {
    expect(() =>
      loadConfig(
        { POLICY: JSON.stringify({ approvers: [OID, 'approver@contoso.com'] }), StateStorage: 'x' },
        { requireServiceBus: false },
      ),
    ).toThrow(/approvers\[1\]:? "approver@contoso\.com" is a name, not an identity: use the object ID/);
  });
});

describe('services in the policy document', () => {
  it('maps each sending service name to its object ID', () => {
    expect(
      policyDocumentSchema.parse({ approvers: [OID], services: { 'provisioning-service': GROUP } }).services,
    ).toEqual({ 'provisioning-service': GROUP });
  });

  it('refuses a service whose object ID is not a GUID, or whose name is not a plain name', () => {
    expect(
      problems({
        approvers: [OID],
        services: {
          'provisioning-service': 'provisioning@contoso.com',
          'with space': GROUP,
          [OID]: GROUP,
          '': GROUP,
        },
      }),
    ).toEqual([
      'services.provisioning-service: "provisioning@contoso.com" is not an object ID',
      'services.with space: is not a service name: use letters, digits, ".", "_" and "-"',
      `services.${OID}: is an object ID, not a name: an object ID needs no mapping`,
      'services.: is not a service name: use letters, digits, ".", "_" and "-"',
    ]);
  });
});

describe('the sample policy', () => {
  it('loads, with its services', () => {
    const sample = loadConfig(
      { POLICY_FILE: 'policy.sample.json', StateStorage: 'x' },
      { requireServiceBus: false },
    );
    expect(sample.policy.services).toEqual({
      'provisioning-service': '7e1d2c3b-4a59-4687-9a1b-2c3d4e5f6a7b',
    });
  });
});
