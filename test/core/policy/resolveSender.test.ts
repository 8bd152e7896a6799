import { describe, expect, it } from 'vitest';
import { resolveSender } from '../../../src/core/policy/resolveSender.js';

const SERVICE_ID = '7e1d2c3b-4a59-4687-9a1b-2c3d4e5f6a7b';
const services = { 'provisioning-service': SERVICE_ID };

describe('resolveSender', () => {
  it('takes an object ID, in lower case', () => {
    expect(resolveSender(SERVICE_ID.toUpperCase(), {})).toEqual({ id: SERVICE_ID });
  });

  it('names the service when the policy maps an object ID it is given', () => {
    expect(resolveSender(SERVICE_ID, services)).toEqual({ id: SERVICE_ID, name: 'provisioning-service' });
  });

  it('turns a service name the policy maps into its object ID, keeping the name for display', () => {
    expect(resolveSender('provisioning-service', services)).toEqual({
      id: SERVICE_ID,
      name: 'provisioning-service',
    });
  });

  it("refuses a name the policy does not map, such as an approver's UPN", () => {
    expect(resolveSender('approver@contoso.com', services)).toBeUndefined();
    expect(resolveSender('Provisioning-Service', services)).toBeUndefined();
    expect(resolveSender('toString', services)).toBeUndefined();
  });
});
