import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestBroker, startTestBroker } from '../support/testBroker.js';
import { APPROVER } from '../support/callers.js';

let broker: TestBroker;
beforeAll(async () => {
  broker = await startTestBroker();
});
afterAll(() => broker.close());

const list = (query: string) => broker.call('GET', `/api/identity-requests?${query}`, { as: APPROVER });

describe('listing with a continuation token', () => {
  it.each([
    ['garbage', 'garbage'],
    ['base64 of JSON that is no token', Buffer.from('{"nope":1}').toString('base64')],
    ['base64 of something that is not JSON', Buffer.from('not json at all').toString('base64')],
  ])('answers 400 naming continuationToken for %s', async (_what, token) => {
    const response = await list(`continuationToken=${encodeURIComponent(token)}`);
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toBe('application/problem+json');
    expect(response.json.errors).toEqual([{ path: 'continuationToken', message: expect.any(String) }]);
  });

  it('still pages with the token it gave out', async () => {
    const response = await list('limit=1');
    expect(response.status).toBe(200);
  });
});
