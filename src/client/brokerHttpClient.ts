import type { TokenCredential } from '@azure/identity';
import type { z } from 'zod';
import type { httpSubmissionSchema } from '../core/requestSchema.js';
import { previewSchema, requestViewSchema, type RequestView } from '../core/requestViewSchema.js';
import { BrokerProblemError } from './brokerProblemError.js';

/** What a caller submits over HTTP: the requester is the caller's own identity, never a body field. */
export type HttpSubmission = z.input<typeof httpSubmissionSchema>;
export type Preview = z.output<typeof previewSchema>;

export interface BrokerHttpClientOptions {
  /** The broker's app, such as `https://identity-broker.azurewebsites.net`. */
  baseUrl: string;
  /** The calling service's identity, such as a `ManagedIdentityCredential`. */
  credential: TokenCredential;
  /** The broker's Easy Auth app registration: its app ID URI with `/.default`, such as `api://identity-broker/.default`. */
  scope: string;
  /** For local development only: the Easy Auth headers the local host trusts in place of the platform. */
  headers?: Record<string, string>;
  /** A seam for tests and proxies; default the global `fetch`. */
  fetch?: typeof fetch;
}

export interface SubmitOptions {
  /** The same key and body return the same request; the same key with another body is a 409 problem. */
  idempotencyKey?: string;
  /** Sent as `x-correlation-id`: every event about the request carries it (see `waitForOutcome`). */
  correlationId?: string;
}

/**
 * The broker's HTTP API for another service. The body is not validated here: the broker validates it and
 * answers each invalid field in a problem, so a client older than the broker refuses nothing it accepts.
 * Every error answer rejects with `BrokerProblemError`.
 */
export function createBrokerHttpClient({
  baseUrl,
  credential,
  scope,
  headers = {},
  fetch: send = fetch,
}: BrokerHttpClientOptions) {
  const base = baseUrl.replace(/\/+$/, '');
  async function call(method: string, path: string, body?: unknown, extra: Record<string, string> = {}) {
    const token = await credential.getToken(scope);
    if (!token) throw new Error(`the credential gave no token for ${scope}`);
    const response = await send(`${base}/api/${path}`, {
      method,
      headers: {
        ...headers,
        ...extra,
        accept: 'application/json',
        authorization: `Bearer ${token.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) throw await BrokerProblemError.of(response);
    return (await response.json()) as unknown;
  }
  return {
    /** Submits; resolves with the request as stored (`202`), in the state policy put it in. */
    async submit(submission: HttpSubmission, options: SubmitOptions = {}): Promise<RequestView> {
      const extra: Record<string, string> = {};
      if (options.idempotencyKey !== undefined) extra['idempotency-key'] = options.idempotencyKey;
      if (options.correlationId !== undefined) extra['x-correlation-id'] = options.correlationId;
      return requestViewSchema.parse(await call('POST', 'identity-requests', submission, extra));
    },
    /** What-if: the plan, the policy decision and the approvals the submission would need; stores nothing. */
    async whatIf(submission: HttpSubmission): Promise<Preview> {
      return previewSchema.parse(await call('POST', 'identity-requests/plan', submission));
    },
    /** One request, with its history. */
    async get(id: string): Promise<RequestView> {
      return requestViewSchema.parse(await call('GET', `identity-requests/${encodeURIComponent(id)}`));
    },
  };
}

export type BrokerHttpClient = ReturnType<typeof createBrokerHttpClient>;
