import { startArmSandbox, type ArmSandbox, type ArmSandboxOptions } from './armSandbox/startArmSandbox.js';
import { BROKER, BROKER_USER_ASSIGNED, TENANT_ID } from './armSandbox/seed.js';
import { startIdentitySandbox, type IdentitySandbox } from './identitySandbox/startIdentitySandbox.js';
import { createTokenAuthority, type TokenAuthority } from './sandboxTokens.js';

export interface SandboxesOptions {
  arm?: Omit<ArmSandboxOptions, 'authority'>;
  identity?: { identityHeader?: string; port?: number };
}

/** The settings the broker reads to reach the sandboxes instead of Azure. */
export interface SandboxEnv {
  ARM_ENDPOINT: string;
  IDENTITY_ENDPOINT: string;
  IDENTITY_HEADER: string;
}

export interface Sandboxes {
  authority: TokenAuthority;
  arm: ArmSandbox;
  identity: IdentitySandbox;
  env: SandboxEnv;
  close(): Promise<void>;
}

/** The ARM sandbox and the managed-identity endpoint for the seeded broker, sharing one token authority. */
export async function startSandboxes(options: SandboxesOptions = {}): Promise<Sandboxes> {
  const authority = createTokenAuthority();
  const [arm, identity] = await Promise.all([
    startArmSandbox({ ...options.arm, authority }),
    startIdentitySandbox({
      ...options.identity,
      authority,
      tenantId: TENANT_ID,
      identities: {
        systemAssigned: BROKER,
        userAssigned: [
          {
            objectId: BROKER_USER_ASSIGNED.principalId,
            clientId: BROKER_USER_ASSIGNED.clientId,
            resourceId: BROKER_USER_ASSIGNED.id,
          },
        ],
      },
    }),
  ]);
  return {
    authority,
    arm,
    identity,
    env: {
      ARM_ENDPOINT: arm.url,
      IDENTITY_ENDPOINT: identity.endpoint,
      IDENTITY_HEADER: identity.identityHeader,
    },
    close: async () => {
      await Promise.all([arm.close(), identity.close()]);
    },
  };
}
