/** The subset of Swagger 2.0 schema the extracted REST specs use: enough to judge what a client sends. */
export interface SpecSchema {
  $ref?: string;
  type?: string;
  enum?: string[];
  readOnly?: boolean;
  required?: string[];
  properties?: Record<string, SpecSchema>;
  additionalProperties?: SpecSchema | boolean;
}

export type Definitions = Record<string, SpecSchema>;

/**
 * Problems with a request body against its schema, each naming the JSON path. Stricter than Swagger in one
 * way: a property the schema does not list is a problem, as the broker should send only what it means to.
 * A `null` map value passes: it is how ARM removes a user-assigned identity, and Microsoft's request
 * validator accepts it (FACTS.md).
 */
export function checkBody(
  definitions: Definitions,
  schema: SpecSchema,
  value: unknown,
  path = '$',
): string[] {
  const resolved = resolve(definitions, schema);
  const problems: string[] = [];
  if (resolved.enum && !(typeof value === 'string' && resolved.enum.includes(value)))
    problems.push(`${path}: ${JSON.stringify(value)} is not one of ${JSON.stringify(resolved.enum)}`);
  if (resolved.type && !hasType(value, resolved.type))
    return [...problems, `${path}: expected ${resolved.type}, got ${JSON.stringify(value)}`];
  if (!isObject(value)) return problems;
  for (const name of resolved.required ?? [])
    if (!(name in value)) problems.push(`${path}.${name}: required`);
  for (const [name, child] of Object.entries(value)) {
    const childPath = `${path}.${name}`;
    const declared = resolved.properties?.[name];
    if (declared) {
      if (resolve(definitions, declared).readOnly || declared.readOnly)
        problems.push(`${childPath}: read-only, must not be sent`);
      else problems.push(...checkBody(definitions, declared, child, childPath));
    } else if (typeof resolved.additionalProperties === 'object') {
      if (child !== null)
        problems.push(...checkBody(definitions, resolved.additionalProperties, child, childPath));
    } else if (resolved.additionalProperties !== true) {
      problems.push(`${childPath}: not in the published schema`);
    }
  }
  return problems;
}

function resolve(definitions: Definitions, schema: SpecSchema): SpecSchema {
  if (!schema.$ref) return schema;
  const name = schema.$ref.replace(/^#\/definitions\//, '');
  const target = definitions[name];
  if (!target) throw new Error(`the extract has no definition ${schema.$ref}`);
  const { $ref: _ref, ...rest } = schema;
  return { ...resolve(definitions, target), ...rest };
}

function hasType(value: unknown, type: string): boolean {
  if (type === 'object') return isObject(value);
  if (type === 'array') return Array.isArray(value);
  if (type === 'integer') return Number.isInteger(value);
  return typeof value === type;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
