import { randomUUID } from 'node:crypto';
import type { AuthorizationManagementClient } from '@azure/arm-authorization';
import type { ResourceManagementClient } from '@azure/arm-resources';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as seed from '../../dev/armSandbox/seed.js';
import {
  authorizationClient,
  resourcesClient,
  sdkError,
  startTestSandboxes,
  type TestSandboxes,
} from './support/testSandboxes.js';

// The buckets refill by this clock, as they do by a test broker's manual one.
let now = 0;
let s: TestSandboxes;
let resources: ResourceManagementClient;
let authorization: AuthorizationManagementClient;
beforeAll(async () => {
  s = await startTestSandboxes({ arm: { now: () => now } });
  resources = await resourcesClient(s);
  authorization = await authorizationClient(s);
});
afterAll(() => s.close());
beforeEach(() => {
  s.arm.reset();
  now = Date.parse('2026-12-01T10:00:00Z');
});

const API = '2023-11-01';
const read = () => resources.resources.getById(seed.AUTOMATION_ACCOUNT_PLAIN, API);
const write = (value: string) =>
  resources.resources.beginUpdateByIdAndWait(seed.AUTOMATION_ACCOUNT_PLAIN, API, { tags: { run: value } });
const header = (name: string) => s.arm.log.map((e) => e.responseHeaders[name] ?? null);

describe("the sandbox's token buckets, as ARM's regional limits have them", () => {
  it("starts from ARM's documented buckets: reads 250 at 25 a second, writes and deletes 200 at 10", () => {
    expect(s.arm.options).toMatchObject({
      readBucket: { capacity: 250, refillPerSecond: 25 },
      writeBucket: { capacity: 200, refillPerSecond: 10 },
      deleteBucket: { capacity: 200, refillPerSecond: 10 },
    });
  });

  it('says on every read what the read bucket has left, and throttles reads of their own', async () => {
    s.arm.options.readBucket = { capacity: 3, refillPerSecond: 1 };
    for (let i = 0; i < 3; i++) await read();
    const throttled = await sdkError(read);
    expect(throttled).toMatchObject({ statusCode: 429, code: 'TooManyRequests', retryAfter: '1' });
    expect(throttled.message).toContain('operation type - Read');
    expect(header('x-ms-ratelimit-remaining-subscription-reads')).toEqual(['2', '1', '0', '0']);
    await write('a'); // writes draw on their own bucket
    now += 1000; // one read back
    await read();
    expect(s.arm.log.map((e) => e.status)).toEqual([200, 200, 200, 429, 200, 200]);
    expect(header('x-ms-ratelimit-remaining-subscription-writes')).toEqual([
      null,
      null,
      null,
      null,
      '199',
      null,
    ]);
  });

  it('keeps deletes in a bucket apart from writes, with their own header', async () => {
    s.arm.options.writeBucket = { capacity: 1, refillPerSecond: 1 };
    s.arm.options.deleteBucket = { capacity: 2, refillPerSecond: 1 };
    await write('a');
    await authorization.roleAssignments.delete(seed.RG_AUTOMATION, randomUUID()); // 204: none by that name
    expect(await sdkError(() => write('b'))).toMatchObject({ statusCode: 429 });
    expect(header('x-ms-ratelimit-remaining-subscription-deletes')).toEqual([null, '1', null]);
    expect(header('x-ms-ratelimit-remaining-subscription-writes')).toEqual(['0', null, '0']);
  });

  it('says what is left on answers that are errors too, since ARM took the token', async () => {
    await sdkError(() =>
      resources.resources.getById(
        `${seed.RG_AUTOMATION}/providers/Microsoft.Automation/automationAccounts/aa-none-here`,
        API,
      ),
    );
    expect(s.arm.log[0]?.status).toBe(404);
    expect(header('x-ms-ratelimit-remaining-subscription-reads')).toEqual(['249']);
  });

  it("charges a management group's calls to the tenant's bucket", async () => {
    await authorization.roleAssignments.listForScope(seed.MANAGEMENT_GROUP_SCOPE).next();
    expect(header('x-ms-ratelimit-remaining-tenant-reads')).toEqual(['249']);
    expect(header('x-ms-ratelimit-remaining-subscription-reads')).toEqual([null]);
  });
});
