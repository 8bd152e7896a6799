import type { TokenCredential } from '@azure/identity';
import { ticketTakes } from '../../core/notifications/audiences.js';
import type { NotificationChannel } from '../../core/notifications/channel.js';
import type { Clock } from '../../core/clock.js';
import type { ServiceNowWriteBack } from '../../ticketWriteBackSettings.js';
import { sendOutcomeOf } from '../notifications/httpOutcome.js';
import { serviceNowText } from './serviceNowText.js';
import { plainLines, ticketNoteOf } from './ticketNote.js';

export interface ServiceNowChannelOptions {
  settings: ServiceNowWriteBack;
  /** The broker's own credential (its managed identity), for a token ServiceNow's OIDC provider trusts. */
  credential: TokenCredential;
  clock: Clock;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

async function authorization(settings: ServiceNowWriteBack, credential: TokenCredential): Promise<string> {
  if (settings.auth.kind === 'basic')
    return `Basic ${Buffer.from(`${settings.auth.username}:${settings.auth.password}`).toString('base64')}`;
  const token = await credential.getToken(settings.auth.scope);
  if (!token) throw new Error(`no token for ${settings.auth.scope}`);
  return `Bearer ${token.token}`;
}

/**
 * A work note on the RITM the request came from, through the Table API:
 * `PATCH /api/now/table/sc_req_item/{sys_id}` with `{ work_notes }` (a journal field: each PATCH adds one).
 */
export function createServiceNowChannel(options: ServiceNowChannelOptions): NotificationChannel {
  const { settings, credential, clock, fetch: send = fetch, timeoutMs = 10_000 } = options;
  return {
    name: 'servicenow',
    takes: ticketTakes('servicenow'),
    async send(notice) {
      const sysId = notice.ticketRecord?.recordId;
      if (!sysId) return { ok: false, retryable: false, reason: 'the ticket has no sys_id' };
      let auth: string;
      try {
        auth = await authorization(settings, credential);
      } catch (e) {
        return { ok: false, retryable: true, reason: `no credential: ${(e as Error).message}` };
      }
      const note = ticketNoteOf(notice);
      const text = [...plainLines(note, serviceNowText), `${note.link.label}: ${note.link.url}`];
      const body = JSON.stringify({ work_notes: text.join('\n') });
      const url = `${settings.instanceUrl}/api/now/table/sc_req_item/${encodeURIComponent(sysId)}`;
      return sendOutcomeOf(
        () =>
          send(url, {
            method: 'PATCH',
            headers: { 'content-type': 'application/json', accept: 'application/json', authorization: auth },
            body,
            signal: AbortSignal.timeout(timeoutMs),
          }),
        () => clock.now(),
      );
    },
  };
}
