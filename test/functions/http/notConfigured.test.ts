import functions, { type HttpResponseInit } from '@azure/functions';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config.js';
import { getRequestHandler } from '../../../src/functions/getRequest.js';
import { useServices } from '../../../src/wiring.js';

const { HttpRequest, InvocationContext } = functions;

describe('a function with a broken configuration', () => {
  it('answers 503 notConfigured and logs the problems once', async () => {
    const broken = new ConfigError(['POLICY: approvers must name at least one approver']);
    const logged: string[] = [];
    const call = async () => {
      useServices(Promise.reject(broken));
      return (await getRequestHandler(
        new HttpRequest({
          method: 'GET',
          url: 'http://localhost/api/identity-requests/x',
          params: { id: 'x' },
        }),
        new InvocationContext({ logHandler: (level, ...args) => logged.push(`${level} ${args.join(' ')}`) }),
      )) as HttpResponseInit;
    };
    const first = await call();
    const second = await call();
    for (const response of [first, second]) {
      expect(response.status).toBe(503);
      expect((response.headers as Record<string, string>)['content-type']).toBe('application/problem+json');
      expect(response.jsonBody).toMatchObject({
        type: 'urn:identity-broker:problem:notConfigured',
        status: 503,
      });
    }
    expect(
      logged.filter((l) => l.includes('POLICY: approvers must name at least one approver')),
    ).toHaveLength(1);
  });
});
