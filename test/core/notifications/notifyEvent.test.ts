import { describe, expect, it } from 'vitest';
import type {
  NotificationChannel,
  SendOutcome,
  SentKey,
  SentMarks,
} from '../../../src/core/notifications/channel.js';
import type { Notice } from '../../../src/core/notifications/notice.js';
import { notifyEvent, type NotifyDeps } from '../../../src/core/useCases/notifyEvent.js';
import type { RequestEventBody } from '../../../src/core/outboxEvent.js';
import type { IdentityRequest } from '../../../src/core/identityRequest.js';
import { requestOf } from '../../fakes/requestBuilder.js';

const ID = requestOf().id;

/** Insert-only, as the table's rows are: a second mark of one key changes nothing. */
class MemorySentMarks implements SentMarks {
  readonly rows = new Map<string, string>();
  private key = (k: SentKey) => `${k.requestId}|${k.version}|${k.channel}`;
  async has(key: SentKey) {
    return this.rows.has(this.key(key));
  }
  async mark(key: SentKey, outcome: 'sent' | 'gaveUp') {
    if (!this.rows.has(this.key(key))) this.rows.set(this.key(key), outcome);
  }
}

/** A channel that answers from a script, then succeeds; records each notice it was handed. */
function channel(name: string, script: SendOutcome[] = []): NotificationChannel & { received: Notice[] } {
  const received: Notice[] = [];
  return {
    name,
    received,
    async send(notice) {
      received.push(notice);
      return script.shift() ?? { ok: true };
    },
  };
}

const failing: SendOutcome = { ok: false, retryable: true, reason: 'HTTP 500' };
const event = (type: RequestEventBody['type'], state: RequestEventBody['state']): RequestEventBody => ({
  type,
  requestId: ID,
  state,
  target: requestOf().target,
  at: '2026-11-23T09:00:00.000Z',
});

function deps(channels: NotificationChannel[], request: IdentityRequest | undefined = requestOf()) {
  const waits: number[] = [];
  const marks = new MemorySentMarks();
  const d: NotifyDeps = {
    store: { get: async () => (request ? { request, etag: '"3"' } : undefined) },
    channels,
    marks,
    links: (id) => ({
      page: `https://broker.example/api/approvals/${id}`,
      api: `https://broker.example/api/identity-requests/${id}`,
    }),
    retry: { attempts: 3, baseDelayMs: 100, maxDelayMs: 1_000 },
    wait: async (ms) => void waits.push(ms),
  };
  return { d, waits, marks };
}

describe('notifying approvers of a request event', () => {
  it('tells every channel once, with the deep links and the plan summary', async () => {
    const teams = channel('teams');
    const slack = channel('slack');
    const { d } = deps([teams, slack]);
    const outcome = await notifyEvent(`${ID}-2`, event('approvalRequested', 'awaitingApproval'), d);
    expect(outcome).toMatchObject({ action: 'notified', sent: ['teams', 'slack'] });
    expect(teams.received).toHaveLength(1);
    expect(slack.received).toHaveLength(1);
    expect(teams.received[0]).toMatchObject({
      eventId: `${ID}-2`,
      version: 2,
      event: 'approvalRequested',
      links: { page: `https://broker.example/api/approvals/${ID}` },
      operations: ['enableSystemAssignedIdentity'],
      approvals: { required: 1, received: 0, missing: 1 },
    });
  });

  it('retries a failing channel with backoff and sends the others once', async () => {
    const teams = channel('teams', [failing, failing]);
    const slack = channel('slack');
    const { d, waits } = deps([teams, slack]);
    const outcome = await notifyEvent(`${ID}-2`, event('approvalRequested', 'awaitingApproval'), d);
    expect(outcome).toMatchObject({ sent: ['teams', 'slack'], retryLater: [] });
    expect(teams.received).toHaveLength(3);
    expect(slack.received).toHaveLength(1);
    expect(waits).toEqual([100, 200]);
  });

  it('honours Retry-After as a floor under the backoff, capped', async () => {
    const teams = channel('teams', [
      { ...failing, retryAfterMs: 700 },
      { ...failing, retryAfterMs: 60_000 },
    ]);
    const { d, waits } = deps([teams]);
    await notifyEvent(`${ID}-2`, event('approvalRequested', 'awaitingApproval'), d);
    expect(waits).toEqual([700, 1_000]);
  });

  it('leaves a channel still failing to a redelivery, which sends only what was not sent', async () => {
    const teams = channel('teams', [failing, failing, failing]);
    const slack = channel('slack');
    const { d } = deps([teams, slack]);
    const first = await notifyEvent(`${ID}-2`, event('approvalRequested', 'awaitingApproval'), d);
    expect(first).toMatchObject({ sent: ['slack'], retryLater: [{ channel: 'teams', reason: 'HTTP 500' }] });
    const again = await notifyEvent(`${ID}-2`, event('approvalRequested', 'awaitingApproval'), d);
    expect(again).toMatchObject({ sent: ['teams'], already: ['slack'], retryLater: [] });
    expect(slack.received).toHaveLength(1);
    expect(teams.received).toHaveLength(4);
  });

  it('gives up on a permanent refusal at once, records it and never sends it again', async () => {
    const teams = channel('teams', [{ ok: false, retryable: false, reason: 'HTTP 404' }]);
    const { d, marks } = deps([teams]);
    const first = await notifyEvent(`${ID}-2`, event('approvalRequested', 'awaitingApproval'), d);
    expect(first).toMatchObject({ gaveUp: [{ channel: 'teams', reason: 'HTTP 404' }], retryLater: [] });
    expect([...marks.rows.values()]).toEqual(['gaveUp']);
    await notifyEvent(`${ID}-2`, event('approvalRequested', 'awaitingApproval'), d);
    expect(teams.received).toHaveLength(1);
  });

  it('keys each send by request, version and channel: the next event is sent again', async () => {
    const teams = channel('teams');
    const { d } = deps([teams]);
    await notifyEvent(`${ID}-2`, event('approvalRequested', 'awaitingApproval'), d);
    await notifyEvent(`${ID}-4`, event('requestApproved', 'approved'), d);
    expect(teams.received.map((n) => [n.version, n.event])).toEqual([
      [2, 'approvalRequested'],
      [4, 'requestApproved'],
    ]);
  });

  it('says nothing of events no approver needs, nor of requests no person decides', async () => {
    const teams = channel('teams');
    const auto = requestOf({ policy: { decision: 'autoApproved', reasons: ['sandbox'], approvers: [] } });
    expect(await notifyEvent(`${ID}-3`, event('applyStarted', 'applying'), deps([teams]).d)).toMatchObject({
      action: 'skipped',
    });
    expect(
      await notifyEvent(`${ID}-4`, event('requestSucceeded', 'succeeded'), deps([teams], auto).d),
    ).toMatchObject({ action: 'skipped' });
    expect(teams.received).toEqual([]);
  });

  it('tells of the end, with the error of a failed request', async () => {
    const teams = channel('teams');
    const failed = requestOf({
      state: 'failed',
      error: { code: 'AuthorizationFailed', message: 'no access' },
    });
    await notifyEvent(`${ID}-6`, event('requestFailed', 'failed'), deps([teams], failed).d);
    expect(teams.received[0]).toMatchObject({
      state: 'failed',
      error: { code: 'AuthorizationFailed' },
      headline: expect.stringContaining('failed'),
    });
  });
});
