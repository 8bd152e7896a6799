import { z } from 'zod';
import { policyDocumentSchema } from './policyDocument.js';

/** The policy format as JSON Schema, from the same zod schema the loader uses (docs/policy.schema.json). */
export const policyJsonSchema = (): unknown => ({
  ...z.toJSONSchema(policyDocumentSchema, { io: 'input', unrepresentable: 'any' }),
  $id: 'https://identity-broker/policy.schema.json',
  title: 'identity-broker policy',
});
