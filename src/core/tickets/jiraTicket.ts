import { z } from 'zod';
import type { FieldError } from '../fieldError.js';
import { toFieldErrors } from '../requestSchema.js';
import { err, ok, type Result } from '../result.js';
import { OBJECT_ID, OBJECT_ID_MESSAGE } from './objectId.js';
import type { MappedTicket } from './serviceNowTicket.js';
import {
  draftOfTicketFields,
  type InvalidTicket,
  type TicketField,
  type TicketFieldValues,
} from './ticketFields.js';

/**
 * Which issue field (`customfield_10050`, or a system field such as `description`) holds each request field
 * (JIRA_FIELD_MAP). Custom field IDs differ on every Jira site, so the requester, target and justification must
 * be named; the operations come from one JSON field or from the discrete ones.
 */
export type JiraFieldMap = { requester: string; target: string; justification: string } & Partial<
  Record<Exclude<TicketField, 'target' | 'justification'>, string>
>;

/** When an issue becomes a request: on creation, or when it moves into this status (a name or a status ID). */
export type JiraIntakeTrigger = { on: 'created' } | { on: 'status'; status: string };

const issueSchema = z.object({
  id: z.string().regex(/^[0-9]{1,20}$/, "must be the issue's numeric ID"),
  key: z.string().regex(/^[A-Z][A-Z0-9_]{0,254}-[0-9]{1,20}$/, 'must be an issue key such as OPS-123'),
  fields: z.record(z.string(), z.unknown()),
});

// Jira sends far more than the broker reads (user, issue_event_type_name, ...): only these parts are checked.
// The issue is checked only for events that make a request: others may carry none.
const jiraDeliverySchema = z.object({
  webhookEvent: z.string({ error: 'is required' }),
  issue: z.unknown().optional(),
  changelog: z
    .object({
      items: z.array(
        z.object({
          field: z.string().optional(),
          fieldId: z.string().optional(),
          to: z.unknown(),
          toString: z.unknown(),
        }),
      ),
    })
    .optional(),
});

/** The webhook body as the broker reads it, for the API description (other fields are allowed and not read). */
export const jiraWebhookSchema = jiraDeliverySchema.extend({ issue: issueSchema.optional() });

export type JiraDelivery = { kind: 'ignored'; reason: string } | { kind: 'request'; ticket: MappedTicket };

/** Which deliveries make a request; any other is answered 2xx and stores nothing, so Jira does not retry it. */
function ignoredBecause(
  delivery: z.infer<typeof jiraDeliverySchema>,
  trigger: JiraIntakeTrigger,
): string | undefined {
  const event = delivery.webhookEvent;
  if (trigger.on === 'created')
    return event === 'jira:issue_created' ? undefined : `${event}: only jira:issue_created makes a request`;
  if (event !== 'jira:issue_updated')
    return `${event}: only jira:issue_updated into status "${trigger.status}" makes a request`;
  const wanted = trigger.status.toLowerCase();
  const moved = (delivery.changelog?.items ?? []).some(
    (item) =>
      (item.fieldId ?? item.field) === 'status' &&
      [item.to, item.toString].some((v) => typeof v === 'string' && v.toLowerCase() === wanted),
  );
  return moved ? undefined : `the issue did not move into status "${trigger.status}"`;
}

/**
 * A field's value as text: text fields are strings, select lists `{ value }`, paragraph fields in Atlassian
 * Document Format a tree of text nodes. Anything else (a user picker, a list) cannot name a request field.
 */
function fieldText(value: unknown): string | undefined | null {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'object' && !Array.isArray(value)) {
    const v = value as { value?: unknown; type?: unknown; content?: unknown };
    if (typeof v.value === 'string') return v.value;
    if (v.type === 'doc') return adfText(value);
  }
  return null;
}

/**
 * The text of an Atlassian Document Format tree, a line per paragraph. Walked with a stack of its own, not
 * recursion: the tree is the sender's, and 256 KiB nests deep enough to overflow the call stack.
 */
function adfText(root: unknown): string {
  let out = '';
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node instanceof Closing) {
      out += node.text;
      continue;
    }
    if (!node || typeof node !== 'object') continue;
    const { type, text, content } = node as { type?: unknown; text?: unknown; content?: unknown };
    if (typeof text === 'string') {
      out += text;
      continue;
    }
    if (type === 'paragraph' || type === 'codeBlock') stack.push(new Closing('\n'));
    if (Array.isArray(content)) for (let i = content.length - 1; i >= 0; i--) stack.push(content[i]);
  }
  return out;
}

/** What to add once a node's children are done (a paragraph's line break). */
class Closing {
  constructor(readonly text: string) {}
}

/** A verified Jira webhook: ignored, or the issue as a request draft whose requester its field names. */
export function mapJiraDelivery(
  body: unknown,
  fields: JiraFieldMap,
  trigger: JiraIntakeTrigger,
  baseUrl: string,
): Result<JiraDelivery, InvalidTicket> {
  const delivery = jiraDeliverySchema.safeParse(body);
  if (!delivery.success) return err({ code: 'invalidRequest', errors: toFieldErrors(delivery.error) });
  const reason = ignoredBecause(delivery.data, trigger);
  if (reason) return ok({ kind: 'ignored', reason });
  const issue = issueSchema.safeParse(delivery.data.issue);
  if (!issue.success)
    return err({
      code: 'invalidRequest',
      errors: toFieldErrors(issue.error).map((e) => ({
        ...e,
        path: e.path === '(body)' ? 'issue' : `issue.${e.path}`,
      })),
    });
  const { id, key } = issue.data;
  const values: TicketFieldValues = {};
  const errors: FieldError[] = [];
  const text = (name: string, label: string): string | undefined => {
    const value = fieldText(issue.data.fields[name]);
    if (value === null)
      errors.push({
        path: `issue.fields.${name}`,
        message: `must be text, a select list or a paragraph (${label})`,
      });
    return value ?? undefined;
  };
  const unreadable = errors.length;
  const requester = text(fields.requester, 'requester')?.trim();
  const requesterProblem =
    errors.length > unreadable
      ? undefined // already named as unreadable
      : !requester
        ? `is required: ${OBJECT_ID_MESSAGE} (requester)`
        : OBJECT_ID.test(requester)
          ? undefined
          : `${OBJECT_ID_MESSAGE} (requester)`;
  if (requesterProblem) errors.push({ path: `issue.fields.${fields.requester}`, message: requesterProblem });
  for (const [field, name] of Object.entries(fields) as Array<[TicketField | 'requester', string]>) {
    if (field === 'requester') continue;
    const value = text(name, field);
    if (value !== undefined) values[field] = value;
  }
  const draft = draftOfTicketFields(
    values,
    (field) => `issue.fields.${fields[field] ?? `(no field mapped for ${field})`}`,
    { system: 'jira' as const, id: key, url: `${baseUrl}/browse/${key}`, recordId: id },
  );
  // Every field at fault at once, so whoever fixes the issue fixes it in one go.
  if (!draft.ok) errors.push(...draft.error.errors);
  if (!draft.ok || errors.length > 0 || !requester) return err({ code: 'invalidRequest', errors });
  return ok({ kind: 'request', ticket: { draft: draft.value, requester: { id: requester.toLowerCase() } } });
}
