import { readFileSync } from 'node:fs';
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/identity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrokerProblemError } from '../../src/client/brokerProblemError.js';
import { createBrokerHttpClient } from '../../src/client/brokerHttpClient.js';
import { DEFAULT_RETRY } from '../../src/core/retrySettings.js';
import { type LocalHost, startLocalHost } from '../../dev/localHost.js';
import { easyAuthHeaders, REQUESTER } from '../support/callers.js';

// The HTTP client against what `npm start` runs, over real HTTP. The local host trusts Easy Auth headers in
// place of the platform, so the headers stand in for the sign-in; the bearer token is sent all the same.
const firstRequest = JSON.parse(
  readFileSync(new URL('../../dev/examples/first-request.json', import.meta.url), 'utf8'),
) as Parameters<ReturnType<typeof createBrokerHttpClient>['submit']>[0];
const SCOPE = 'api://identity-broker-local/.default';

/** A credential that hands out a fixed token and records which scopes it was asked for. */
class RecordingCredential implements TokenCredential {
  readonly scopes: string[] = [];
  getToken(scopes: string | string[], _options?: GetTokenOptions): Promise<AccessToken> {
    this.scopes.push(...[scopes].flat());
    return Promise.resolve({ token: 'token-for-the-broker', expiresOnTimestamp: Date.now() + 3_600_000 });
  }
}

let host: LocalHost;
beforeAll(async () => {
  host = await startLocalHost({
    port: 0,
    quiet: true,
    retry: { ...DEFAULT_RETRY, baseDelayMs: 50, pollIntervalMs: 50 },
  });
}, 60_000);
afterAll(() => host.stop());

function clientFor(headers: Record<string, string>) {
  const credential = new RecordingCredential();
  const authorizations: Array<string | null> = [];
  const client = createBrokerHttpClient({
    baseUrl: host.url,
    credential,
    scope: SCOPE,
    headers,
    fetch: (input, init) => {
      authorizations.push(new Headers(init?.headers).get('authorization'));
      return fetch(input, init);
    },
  });
  return { client, credential, authorizations };
}

describe('the broker HTTP client, against the local host', () => {
  it('submits with a bearer token for the scope, answers the parsed request view, and what-if agrees with it', async () => {
    const { client, credential, authorizations } = clientFor(easyAuthHeaders(REQUESTER));
    const request = await client.submit(firstRequest, {
      correlationId: 'client-test-1',
      idempotencyKey: 'k-1',
    });
    expect(request).toMatchObject({
      state: 'awaitingApproval',
      target: firstRequest.target,
      requestedBy: { id: REQUESTER.id },
      correlationId: 'client-test-1',
    });
    const preview = await client.whatIf(firstRequest);
    expect(preview.policy).toEqual(request.policy);
    const steps = (p: typeof preview.plan) =>
      p.steps.map(({ kind, operations, change }) => ({ kind, operations, change }));
    expect(steps(preview.plan)).toEqual(steps(request.plan));
    expect(credential.scopes).toEqual([SCOPE, SCOPE]);
    expect(authorizations).toEqual(['Bearer token-for-the-broker', 'Bearer token-for-the-broker']);
    // The idempotency key makes a retry of the same submission return the same request.
    await expect(client.submit(firstRequest, { idempotencyKey: 'k-1' })).resolves.toMatchObject({
      id: request.id,
    });
  });

  it('maps a problem+json answer to a typed error with status, type and each invalid field', async () => {
    const { client } = clientFor(easyAuthHeaders(REQUESTER));
    const invalid = { ...firstRequest, justification: '', colour: 'blue' } as typeof firstRequest;
    const error = await client.whatIf(invalid).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BrokerProblemError);
    expect(error).toMatchObject({
      status: 400,
      type: expect.stringMatching(/^urn:identity-broker:problem:/) as unknown,
    });
    expect((error as BrokerProblemError).errors.map((e) => e.path).sort()).toEqual([
      'colour',
      'justification',
    ]);
  });

  it('maps a refused caller to a 401 problem', async () => {
    const { client } = clientFor({});
    const error = await client.submit(firstRequest).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'BrokerProblemError', status: 401, errors: [] });
  });
});
