import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { AUTOMATION_ACCOUNT_PLAIN, SUBSCRIPTION_SCOPE } from '../../dev/armSandbox/seed.js';
import { previewSchema, requestPageSchema, requestViewSchema } from '../../src/core/requestViewSchema.js';
import { problemSchema } from '../../src/functions/http/problemSchema.js';
import { APPROVER } from '../support/callers.js';
import { type TestBroker, startTestBroker } from '../support/testBroker.js';

let broker: TestBroker;
beforeAll(async () => {
  broker = await startTestBroker();
  await broker.reset();
});
afterAll(() => broker.close());

const body = {
  target: AUTOMATION_ACCOUNT_PLAIN,
  operations: [
    { kind: 'enableSystemAssignedIdentity' },
    {
      kind: 'assignRole',
      principal: 'systemAssigned',
      role: 'Reader',
      scope: SUBSCRIPTION_SCOPE,
      duration: 'PT8H',
    },
  ],
  justification: 'inventory runbook reads the subscription',
  ticket: { system: 'jira', id: 'OPS-1', url: 'https://jira.example/browse/OPS-1' },
};

/** zod drops what a schema does not name: an answer that survives parsing unchanged is exactly its schema. */
const expectShaped = (schema: z.ZodType, answer: unknown) => expect(schema.parse(answer)).toEqual(answer);

describe('GET /api/openapi.json', () => {
  it('serves the document to anyone', async () => {
    const answer = await broker.call('GET', '/api/openapi.json', { as: null });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toMatch(/^application\/json/);
    expect(answer.json.openapi).toMatch(/^3\.1\./);
    expect(answer.json.paths['/identity-requests/plan'].post.operationId).toBe('previewRequest');
  });
});

describe('what the broker answers is what the document says', () => {
  it('shows a request, a page, a preview and a problem exactly as their schemas describe them', async () => {
    expectShaped(previewSchema, (await broker.call('POST', '/api/identity-requests/plan', { body })).json);
    const submitted = await broker.submit(body);
    expectShaped(requestViewSchema, submitted.json);
    await broker.approve(submitted.json.id, APPROVER, { comment: 'ok' });
    await broker.run();
    const done = await broker.get(submitted.json.id);
    // run() may carry the clock past the grant's end too: either way the view has results and history.
    expect(['succeeded', 'revoked']).toContain(done.json.state);
    expect(done.json.history.length).toBeGreaterThan(5);
    expectShaped(requestViewSchema, done.json);
    expectShaped(
      requestPageSchema,
      (await broker.call('GET', '/api/identity-requests', { as: APPROVER })).json,
    );
    expectShaped(problemSchema, (await broker.submit({ ...body, extra: 1 })).json);
  });
});
