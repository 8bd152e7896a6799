import type { EventType } from '../eventType.js';
import type { IdentityRequest } from '../identityRequest.js';
import type { Notice } from './notice.js';

/** What one attempt at a channel came to: a refusal says whether trying again may help. */
export type SendOutcome =
  { ok: true } | { ok: false; retryable: boolean; reason: string; retryAfterMs?: number };

/**
 * One configured place a request's events are told: approvers (a Teams or Slack incoming webhook, a signed
 * webhook) or the request's own ticket (a ServiceNow work note, a Jira comment or transition).
 */
export interface NotificationChannel {
  /** Stable: part of the key a send is recorded under. */
  name: string;
  /** Whether this channel tells of this event of this request (see ./audiences.ts). */
  takes(event: EventType, request: IdentityRequest): boolean;
  send(notice: Notice): Promise<SendOutcome>;
}

/** One send: a request's event (its version) to one channel. */
export interface SentKey {
  requestId: string;
  version: number;
  channel: string;
}

/** Insert-only record of the sends that are done (sent, or given up). */
export interface SentMarks {
  has(key: SentKey): Promise<boolean>;
  /** Already marked is success, and the first outcome stays. */
  mark(key: SentKey, outcome: 'sent' | 'gaveUp'): Promise<void>;
}
