import { ArmError } from '../../core/armError.js';

// @azure/identity's failures, by name: a second copy of the package would defeat instanceof.
const CREDENTIAL_ERRORS = new Set([
  'CredentialUnavailableError',
  'AuthenticationError',
  'AggregateAuthenticationError',
  'AuthenticationRequiredError',
]);

const LABELS: Record<string, string> = {
  ManagedIdentityCredential: 'the managed identity (IDENTITY_ENDPOINT)',
  WorkloadIdentityCredential: 'the workload identity',
  EnvironmentCredential: 'the AZURE_* environment credential',
  AzureCliCredential: 'the Azure CLI login',
  AzureDeveloperCliCredential: 'the Azure Developer CLI login',
};

/** How long a caller should wait before trying again: a token endpoint rarely recovers in seconds. */
export const CREDENTIAL_RETRY_AFTER_MS = 30_000;

interface CredentialErrorLike {
  name: string;
  message?: string;
  errors?: CredentialErrorLike[];
}

/** The failure that explains most: the managed identity's, else the first that is not merely "unavailable". */
function mostTelling(e: CredentialErrorLike): CredentialErrorLike {
  const all = e.errors?.length ? e.errors : [e];
  return (
    all.find((x) => x.message?.startsWith('ManagedIdentityCredential')) ??
    all.find((x) => !/is unavailable|is not available/i.test(x.message ?? '')) ??
    all[0] ??
    e
  );
}

/** Our own words for the credential problem: its messages may quote what the token endpoint answered. */
function describe(e: CredentialErrorLike): string {
  const telling = mostTelling(e);
  const message = telling.message ?? '';
  const credential = /^(\w+Credential)\b/.exec(message)?.[1];
  const who = (credential && LABELS[credential]) ?? (credential ? `the ${credential}` : 'its credential');
  if (/network unreachable|ECONNREFUSED|ETIMEDOUT|ENOTFOUND/i.test(message))
    return `${who} could not be reached`;
  if (/authentication failed/i.test(message) || telling.name === 'AuthenticationError')
    return `${who} refused the token request`;
  return `${who} is not available`;
}

/** An @azure/identity failure as a transient ArmError naming the credential problem (never a token); else undefined. */
export function credentialFailure(e: unknown): ArmError | undefined {
  if (typeof e !== 'object' || e === null) return undefined;
  const failure = e as CredentialErrorLike;
  if (!CREDENTIAL_ERRORS.has(failure.name)) return undefined;
  return new ArmError(
    0,
    'CredentialUnavailable',
    `the broker's credential cannot get a token for Azure Resource Manager: ${describe(failure)}`,
    'transient',
    CREDENTIAL_RETRY_AFTER_MS,
  );
}
