import type { AuthorizationManagementClient } from '@azure/arm-authorization';
import type { ComputeManagementClient } from '@azure/arm-compute';
import type { ManagedServiceIdentityClient } from '@azure/arm-msi';
import type { ResourceManagementClient } from '@azure/arm-resources';
import { DefaultAzureCredential } from '@azure/identity';
import { SUBSCRIPTION_ID } from '../../../dev/armSandbox/seed.js';
import { startSandboxes, type Sandboxes, type SandboxesOptions } from '../../../dev/sandboxes.js';

export interface TestSandboxes extends Sandboxes {
  credential: DefaultAzureCredential;
}

/** Starts the sandboxes and points this process's managed-identity settings at them. */
export async function startTestSandboxes(options: SandboxesOptions = {}): Promise<TestSandboxes> {
  const sandboxes = await startSandboxes(options);
  process.env.IDENTITY_ENDPOINT = sandboxes.env.IDENTITY_ENDPOINT;
  process.env.IDENTITY_HEADER = sandboxes.env.IDENTITY_HEADER;
  return { ...sandboxes, credential: new DefaultAzureCredential() };
}

/** What every SDK needs for the sandbox: its URL, its CA and no retries; the audience option differs by SDK. */
function common(s: TestSandboxes) {
  return { endpoint: s.arm.url, tlsOptions: { ca: s.arm.ca }, retryOptions: { maxRetries: 0 } };
}
const scopes = (s: TestSandboxes) => [`${s.arm.url}/.default`];

// Each client loads its SDK on demand: a test file pays only for the SDKs it uses.
export async function authorizationClient(s: TestSandboxes): Promise<AuthorizationManagementClient> {
  const { AuthorizationManagementClient } = await import('@azure/arm-authorization');
  return new AuthorizationManagementClient(s.credential, SUBSCRIPTION_ID, {
    ...common(s),
    credentialScopes: scopes(s),
  });
}

export async function computeClient(s: TestSandboxes): Promise<ComputeManagementClient> {
  const { ComputeManagementClient } = await import('@azure/arm-compute');
  // The modular compute client defaults its scope to management.azure.com whatever the endpoint: pass it.
  return new ComputeManagementClient(s.credential, SUBSCRIPTION_ID, {
    ...common(s),
    credentials: { scopes: scopes(s) },
  });
}

export async function msiClient(s: TestSandboxes): Promise<ManagedServiceIdentityClient> {
  const { ManagedServiceIdentityClient } = await import('@azure/arm-msi');
  return new ManagedServiceIdentityClient(s.credential, SUBSCRIPTION_ID, {
    ...common(s),
    credentialScopes: scopes(s),
  });
}

export async function resourcesClient(s: TestSandboxes): Promise<ResourceManagementClient> {
  const { ResourceManagementClient } = await import('@azure/arm-resources');
  return new ResourceManagementClient(s.credential, SUBSCRIPTION_ID, {
    ...common(s),
    credentialScopes: scopes(s),
  });
}

/** What an adapter can read off an SDK error. */
export interface SdkErrorView {
  name: string | undefined;
  code: string | undefined;
  statusCode: number | undefined;
  retryAfter: string | undefined;
  message: string;
}

/** Runs the call and returns what its error looks like; fails the test if it succeeds. */
export async function sdkError(call: () => Promise<unknown>): Promise<SdkErrorView> {
  try {
    await call();
  } catch (error) {
    const e = error as Partial<SdkErrorView> & {
      message: string;
      response?: { headers: { get(name: string): string | undefined } };
    };
    return {
      name: e.name,
      code: e.code,
      statusCode: e.statusCode,
      retryAfter: e.response?.headers.get('retry-after'),
      message: e.message,
    };
  }
  throw new Error('expected the call to fail');
}
