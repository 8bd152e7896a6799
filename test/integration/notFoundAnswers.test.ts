import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTOMATION_ACCOUNT_PLAIN } from '../../dev/armSandbox/seed.js';
import { REQUESTER, STRANGER } from '../support/callers.js';
import { type TestBroker, startTestBroker } from '../support/testBroker.js';

let broker: TestBroker;
beforeAll(async () => {
  broker = await startTestBroker();
});
afterAll(() => broker.close());

describe('unknown routes', () => {
  it.each([
    ['GET', '/api/nowhere'],
    ['POST', '/api/identity-requests/x/y/z'],
    ['DELETE', '/api/identity-requests'],
    ['GET', '/not-api'],
  ])('%s %s answers a problem+json 404', async (method, path) => {
    const response = await broker.call(method, path, { as: null });
    expect(response.status).toBe(404);
    expect(response.headers['content-type']).toBe('application/problem+json');
    expect(response.json).toMatchObject({ type: 'urn:identity-broker:problem:notFound', status: 404 });
  });

  it('still serves the literal routes the catch-all would also match', async () => {
    expect((await broker.call('GET', '/api/health', { as: null })).status).toBe(200);
    expect((await broker.call('GET', '/api/identity-requests')).status).toBe(200);
  });
});

describe('a request that cannot be shown', () => {
  it('answers the same 404 whether it does not exist, is not yours or is malformed', async () => {
    const submitted = await broker.submit(
      {
        target: AUTOMATION_ACCOUNT_PLAIN,
        operations: [{ kind: 'enableSystemAssignedIdentity' }],
        justification: 'someone else’s request',
      },
      { as: REQUESTER },
    );
    expect(submitted.status).toBe(202);
    const answers = await Promise.all(
      [
        { path: `/api/identity-requests/${submitted.json.id}`, as: STRANGER },
        { path: '/api/identity-requests/ffff0000000000000000beef', as: STRANGER },
        { path: '/api/identity-requests/..%2F..%2Fsecrets', as: STRANGER },
        { path: `/api/identity-requests/${submitted.json.id}/approve`, as: STRANGER, method: 'POST' },
        { path: '/api/identity-requests/ffff0000000000000000beef/approve', as: STRANGER, method: 'POST' },
        { path: '/api/identity-requests/not-an-id/approve', as: STRANGER, method: 'POST' },
      ].map(({ path, as, method = 'GET' }) =>
        broker.call(method, path, { as, ...(method === 'POST' ? { body: {} } : {}) }),
      ),
    );
    for (const answer of answers) expect(answer.status).toBe(404);
    const bodies = new Set(answers.map((a) => JSON.stringify(a.json)));
    expect([...bodies]).toHaveLength(1);
  });
});
