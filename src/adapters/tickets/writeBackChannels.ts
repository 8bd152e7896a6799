import type { TokenCredential } from '@azure/identity';
import type { Clock } from '../../core/clock.js';
import type { NotificationChannel } from '../../core/notifications/channel.js';
import type { TicketWriteBackSettings } from '../../ticketWriteBackSettings.js';
import { createJiraCommentChannel, createJiraTransitionChannel } from './jiraWriteBack.js';
import { createServiceNowChannel } from './serviceNowWorkNote.js';

/** The write-back channels the settings turn on: a ServiceNow work note; a Jira comment and transition. */
export function writeBackChannels(
  settings: TicketWriteBackSettings | undefined,
  { credential, clock }: { credential: TokenCredential; clock: Clock },
): NotificationChannel[] {
  const channels: NotificationChannel[] = [];
  if (settings?.serviceNow)
    channels.push(createServiceNowChannel({ settings: settings.serviceNow, credential, clock }));
  if (settings?.jira) {
    channels.push(createJiraCommentChannel({ settings: settings.jira, clock }));
    const transition = createJiraTransitionChannel({ settings: settings.jira, clock });
    if (transition) channels.push(transition);
  }
  return channels;
}
