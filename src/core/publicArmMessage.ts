/**
 * What callers are told about an ARM failure. ARM's own text names the broker's object ID, scopes and
 * ABAC conditions: it stays in the request record and the logs, and callers get these words instead.
 */
const OUR_WORDS: Record<string, string> = {
  AuthorizationFailed:
    "the broker's identity is not allowed to do this at this scope (its role, or the condition on it, does not cover it)",
  LinkedAuthorizationFailed:
    "the broker's identity may not assign this user-assigned identity: it needs Managed Identity Operator on it",
  RoleAssignmentLimitExceeded: 'the subscription has reached its limit of role assignments',
  RoleAssignmentUpdateNotPermitted:
    'a role assignment with this name already exists for another principal (was the identity recreated?)',
  PrincipalNotFound:
    'the principal does not exist in the directory (a new identity may still be replicating)',
  RoleDefinitionDoesNotExist: 'the role definition does not exist at this scope',
  ResourceNotFound: 'the resource does not exist',
  ResourceGroupNotFound: 'the resource group does not exist',
  InvalidParameter: 'Azure Resource Manager refused a parameter of the change as invalid',
  BadRequest: 'Azure Resource Manager refused the change as invalid',
  TooManyRequests: 'Azure Resource Manager is throttling the broker',
  AnotherOperationInProgress: 'another operation on the resource is in progress',
  ServiceUnavailable: 'Azure Resource Manager is unavailable',
  InternalServerError: 'Azure Resource Manager failed internally',
  NetworkError: 'Azure Resource Manager could not be reached',
  OperationNotAllowed: 'Azure does not allow this change to the resource in its current state',
  OperationCanceled: 'the long-running operation on the resource was cancelled',
  OperationPreempted: 'the operation was preempted by a later one on the same resource',
  InternalOperationError: 'the resource provider failed while carrying out the change',
};

// Codes the broker itself gives ARM-level failures, whose messages are already its own words.
const OWN_MESSAGES = new Set(['CredentialUnavailable']);

// Suffixes the executor adds in its own words (attempt counts, replication waits): worth keeping.
const OUR_SUFFIX = /\s(\((?:gave up after \d+ attempts|the principal was still not found [^()]*)\))$/;

/** ARM's codes are PascalCase; the broker's own (`policyDenied`, `internalError`) are camelCase. */
export const isArmCode = (code: string): boolean => /^[A-Z]/.test(code);

/** The caller's message for a failure with this code: ours for ARM codes, unchanged for the broker's own. */
export function publicArmMessage(code: string, message: string): string {
  if (!isArmCode(code) || OWN_MESSAGES.has(code)) return message;
  const words = OUR_WORDS[code] ?? `Azure Resource Manager refused the call (${code})`;
  const suffix = OUR_SUFFIX.exec(message)?.[1];
  return suffix ? `${words} ${suffix}` : words;
}

/** The same for any `{ code, message }` value (errors, event data): other fields are kept. */
export function publicError<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  const { code, message } = value as { code?: unknown; message?: unknown };
  if (typeof code !== 'string' || typeof message !== 'string') return value;
  return { ...value, message: publicArmMessage(code, message) };
}
