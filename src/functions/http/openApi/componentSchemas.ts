import { z } from 'zod';
import { httpSubmissionSchema, operationSchema, ticketSchema } from '../../../core/requestSchema.js';
import { previewSchema, requestPageSchema, requestViewSchema } from '../../../core/requestViewSchema.js';
import { optionalComment, requiredComment } from '../decisionBody.js';
import { healthSchema } from '../healthSchema.js';
import { problemSchema } from '../problemSchema.js';
import { jiraWebhookSchema } from '../../../core/tickets/jiraTicket.js';
import { serviceNowDeliverySchema } from '../../../core/tickets/serviceNowTicket.js';
import { ticketIgnoredSchema } from '../ticketIgnored.js';

type JsonSchema = Record<string, unknown>;

// What callers send: validated strictly, so unknown fields are refused (additionalProperties: false).
const INPUTS = {
  Operation: operationSchema,
  Ticket: ticketSchema,
  Submission: httpSubmissionSchema,
  OptionalComment: optionalComment,
  RequiredComment: requiredComment,
  ServiceNowDelivery: serviceNowDeliverySchema,
  JiraWebhook: jiraWebhookSchema,
};

// What the broker answers: the contract may gain fields, so clients must not refuse unknown ones.
const OUTPUTS = {
  RequestView: requestViewSchema,
  RequestPage: requestPageSchema,
  Preview: previewSchema,
  Problem: problemSchema,
  Health: healthSchema,
  TicketIgnored: ticketIgnoredSchema,
};

export type SchemaName = keyof typeof INPUTS | keyof typeof OUTPUTS;

const uri = (id: string): string => `#/components/schemas/${id}`;

function generate(schemas: Record<string, z.ZodType>, io: 'input' | 'output'): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(INPUTS)) registry.add(schema, { id });
  for (const [id, schema] of Object.entries(schemas)) if (!registry.has(schema)) registry.add(schema, { id });
  const { schemas: generated } = z.toJSONSchema(registry, {
    target: 'draft-2020-12',
    io,
    uri,
    override: ({ jsonSchema }) => {
      if (io === 'output' && jsonSchema.additionalProperties === false)
        delete jsonSchema.additionalProperties;
    },
  });
  // Components are named by their key: a per-schema `$id` or `$schema` would only confuse resolvers.
  return Object.fromEntries(
    Object.keys(schemas).map((id) => {
      const { $id: _id, $schema: _schema, ...rest } = generated[id] as JsonSchema;
      return [id, rest];
    }),
  );
}

/** Every schema the document names, generated from the zod schemas the handlers validate and answer with. */
export function componentSchemas(): Record<SchemaName, JsonSchema> {
  return { ...generate(INPUTS, 'input'), ...generate(OUTPUTS, 'output') } as Record<SchemaName, JsonSchema>;
}

/** The query of `GET /identity-requests`, one parameter per field. */
export function queryParameters(schema: z.ZodObject): JsonSchema[] {
  const generated = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input' }) as {
    properties: Record<string, JsonSchema>;
    required?: string[];
  };
  return Object.entries(generated.properties).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: 'query',
      required: generated.required?.includes(name) ?? false,
      ...(description ? { description } : {}),
      schema: rest,
    };
  });
}
