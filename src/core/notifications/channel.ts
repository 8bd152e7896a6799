import type { Notice } from './notice.js';

/** What one attempt at a channel came to: a refusal says whether trying again may help. */
export type SendOutcome =
  { ok: true } | { ok: false; retryable: boolean; reason: string; retryAfterMs?: number };

/** One configured place approvers are told (a Teams or Slack incoming webhook, a signed webhook). */
export interface NotificationChannel {
  /** Stable: part of the key a send is recorded under. */
  name: string;
  send(notice: Notice): Promise<SendOutcome>;
}

/** One send: a request's event (its version) to one channel. */
export interface SentKey {
  requestId: string;
  version: number;
  channel: string;
}

/** Insert-only record of the sends that are done (sent, or given up as permanently refused). */
export interface SentMarks {
  has(key: SentKey): Promise<boolean>;
  /** Already marked is success. */
  mark(key: SentKey, outcome: 'sent' | 'gaveUp'): Promise<void>;
}
