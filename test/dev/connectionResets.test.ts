import type { ResourceManagementClient } from '@azure/arm-resources';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as seed from '../../dev/armSandbox/seed.js';
import {
  resourcesClient,
  sdkError,
  startTestSandboxes,
  type TestSandboxes,
} from './support/testSandboxes.js';

let s: TestSandboxes;
let resources: ResourceManagementClient;
beforeAll(async () => {
  s = await startTestSandboxes();
  resources = await resourcesClient(s);
});
afterAll(() => s.close());
beforeEach(() => s.arm.reset());

const tag = (value: string) =>
  resources.resources.beginUpdateByIdAndWait(seed.AUTOMATION_ACCOUNT_PLAIN, '2023-11-01', {
    tags: { run: value },
  });
const tags = () => s.arm.state.resource(seed.AUTOMATION_ACCOUNT_PLAIN)?.tags;

describe('connection resets', () => {
  it('before the request took effect: the SDK sees ECONNRESET and nothing changed', async () => {
    s.arm.faults.resetConnections({ method: 'PATCH', when: 'beforeEffect' });
    expect(await sdkError(() => tag('lost'))).toMatchObject({ code: 'ECONNRESET' });
    expect(tags()).toEqual({ environment: 'sandbox' });
    expect(s.arm.log.map((e) => [e.method, e.status, e.connectionReset])).toEqual([['PATCH', 0, true]]);
  });

  it('after it took effect: the same error, but the change is made', async () => {
    s.arm.faults.resetConnections({ method: 'PATCH', path: 'aa-patching', when: 'afterEffect' });
    expect(await sdkError(() => tag('made'))).toMatchObject({ code: 'ECONNRESET' });
    expect(tags()).toEqual({ run: 'made' });
    expect(s.arm.log.map((e) => [e.method, e.status, e.connectionReset])).toEqual([['PATCH', 200, true]]);
  });

  it('only as often as armed, and cleared by reset', async () => {
    s.arm.faults.resetConnections({ method: 'PATCH', when: 'beforeEffect', times: 2 });
    await sdkError(() => tag('a'));
    s.arm.reset();
    await tag('b');
    expect(tags()).toEqual({ run: 'b' });
  });
});
