import { err, ok, type Result } from './result.js';

export type ReplyToRefused = { code: 'replyToRefused'; reason: string };

export interface ReplyToRule {
  /** Replies go only to entities whose names start with this; unset: no replies at all. */
  prefix: string | undefined;
  /** The broker's own queues and topic: never answered on, whatever the prefix. */
  brokerEntities: readonly string[];
}

// A queue or topic path: segments of letters, digits, ".", "_", "-" (no "$" system queues, no empty or dot segments).
const SEGMENT = /^[A-Za-z0-9._-]+$/;
const MAX_ENTITY_LENGTH = 260;

const refused = (reason: string) => err<ReplyToRefused>({ code: 'replyToRefused', reason });

/**
 * Whether the broker may send a reply to the entity a sender named in `replyTo`. The broker holds rights
 * on the whole namespace, so sender-controlled text goes only where settings allow (Service Bus names are
 * case-insensitive, so the comparisons are too).
 */
export function allowedReplyTo(entity: string, rule: ReplyToRule): Result<string, ReplyToRefused> {
  if (!rule.prefix) return refused('no replies are sent: REPLY_TO_PREFIX is not set');
  const segments = entity.split('/');
  if (entity.length > MAX_ENTITY_LENGTH || !segments.every((s) => SEGMENT.test(s) && s !== '.' && s !== '..'))
    return refused('it is not a Service Bus queue or topic name');
  const lower = entity.toLowerCase();
  const first = (segments[0] as string).toLowerCase();
  if (rule.brokerEntities.some((own) => [lower, first].includes(own.toLowerCase())))
    return refused("it is one of the broker's own entities");
  if (!lower.startsWith(rule.prefix.toLowerCase())) return refused(`it does not start with ${rule.prefix}`);
  return ok(entity);
}
