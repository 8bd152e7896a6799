/** How every ARM client is built: one endpoint that is also the token audience, and no retries of its own. */
export interface ArmConnection {
  endpoint: string;
  /** Extra CA certificates to trust (the local ARM sandbox's self-signed one). */
  ca?: string;
}

/**
 * The SDKs' own retry loops are off: a 429's Retry-After can be minutes, and waiting in-process would
 * hold the Service Bus lock. The executor persists the wait and schedules the next look instead.
 */
export function classicClientOptions(connection: ArmConnection) {
  return {
    endpoint: connection.endpoint,
    credentialScopes: [`${connection.endpoint}/.default`],
    retryOptions: { maxRetries: 0 },
    userAgentOptions: { userAgentPrefix: 'identity-broker' },
    ...(connection.ca ? { tlsOptions: { ca: connection.ca } } : {}),
  };
}

/** The same for the TypeSpec-generated clients (@azure/arm-compute 24), which name the scopes differently. */
export function modularClientOptions(connection: ArmConnection) {
  return {
    endpoint: connection.endpoint,
    credentials: { scopes: [`${connection.endpoint}/.default`] },
    retryOptions: { maxRetries: 0 },
    userAgentOptions: { userAgentPrefix: 'identity-broker' },
    ...(connection.ca ? { tlsOptions: { ca: connection.ca } } : {}),
  };
}
