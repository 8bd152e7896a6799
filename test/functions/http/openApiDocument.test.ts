import { Validator } from '@seriousme/openapi-schema-validator';
import { beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument } from '../../../src/functions/http/openApi/openApiDocument.js';
import { registeredFunctions } from '../../../src/functions/registry.js';

type Paths = Record<string, Record<string, { operationId?: string; security?: unknown[] }>>;

beforeAll(async () => {
  await import('../../../src/functions/all.js'); // registers every function, as the local host loads them
});

const paths = () => openApiDocument().paths as Paths;

describe('the OpenAPI document', () => {
  it('validates as OpenAPI 3.1', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(openApiDocument()));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('describes every route the app registers, with its methods, named by the function', () => {
    const http = registeredFunctions.flatMap((d) =>
      // The catch-all answers "no such route": it is no part of the API.
      d.kind === 'http' && !d.route.includes('{*') ? [d] : [],
    );
    expect(http.length).toBeGreaterThan(8);
    for (const { name, route, methods } of http)
      for (const method of methods)
        expect([name, method, paths()[`/${route}`]?.[method.toLowerCase()]?.operationId]).toEqual([
          name,
          method,
          name,
        ]);
    const described = Object.values(paths()).flatMap((ops) => Object.values(ops).map((o) => o.operationId));
    expect(described.sort()).toEqual(http.map((d) => d.name).sort());
  });

  it('names the problem shape for errors and leaves only health and this document anonymous', () => {
    const doc = openApiDocument() as { components: { schemas: Record<string, { properties: object }> } };
    expect(Object.keys(doc.components.schemas.Problem?.properties ?? {})).toEqual([
      'type',
      'title',
      'status',
      'detail',
      'errors',
    ]);
    const anonymous = Object.values(paths())
      .flatMap((ops) => Object.values(ops))
      .filter((o) => o.security?.length === 0)
      .map((o) => o.operationId);
    expect(anonymous.sort()).toEqual(['health', 'openApi']);
  });

  it('refuses unknown fields in request bodies, as the handlers do, but lets answers gain fields', () => {
    const schemas = (
      openApiDocument() as { components: { schemas: Record<string, Record<string, unknown>> } }
    ).components.schemas;
    expect(schemas.Submission?.additionalProperties).toBe(false);
    expect(schemas.RequiredComment?.additionalProperties).toBe(false);
    expect(schemas.RequestView).not.toHaveProperty('additionalProperties');
    expect(JSON.stringify(schemas)).not.toContain('"$id"');
  });

  it('takes the list query parameters from the schema the handler parses with', () => {
    const list = paths()['/identity-requests']?.get as { parameters: Array<{ name: string; in: string }> };
    expect(list.parameters.map((p) => [p.name, p.in])).toEqual([
      ['state', 'query'],
      ['requestedBy', 'query'],
      ['target', 'query'],
      ['limit', 'query'],
      ['continuationToken', 'query'],
    ]);
  });
});
