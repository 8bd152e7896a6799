import { describe, expect, it } from 'vitest';
import { approversTake, ticketTakes } from '../../../src/core/notifications/audiences.js';
import type { NotificationChannel, SendOutcome } from '../../../src/core/notifications/channel.js';
import { DEFAULT_REDELIVERY_BACKOFF, type NoticeRetry } from '../../../src/core/notifications/redelivery.js';
import type { Notice } from '../../../src/core/notifications/notice.js';
import { notifyEvent, type NotifyDeps } from '../../../src/core/useCases/notifyEvent.js';
import type { RequestEventBody } from '../../../src/core/outboxEvent.js';
import type { IdentityRequest } from '../../../src/core/identityRequest.js';
import { requestOf } from '../../fakes/requestBuilder.js';
import { MemorySentMarks } from '../../fakes/memorySentMarks.js';

const ID = requestOf().id;
const NOW = new Date('2026-11-23T09:00:00.000Z');

/** A channel that answers from a script, then succeeds; records each notice it was handed. */
function channel(
  name: string,
  script: SendOutcome[] = [],
  takes: NotificationChannel['takes'] = approversTake,
): NotificationChannel & { received: Notice[] } {
  const received: Notice[] = [];
  return {
    name,
    received,
    takes,
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
  const scheduled: Array<{ retry: NoticeRetry; at: string }> = [];
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
    clock: { now: () => NOW },
    backoff: DEFAULT_REDELIVERY_BACKOFF,
    retries: { schedule: async (retry, at) => void scheduled.push({ retry, at: at.toISOString() }) },
  };
  return { d, waits, marks, scheduled };
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
    expect(outcome).toMatchObject({ sent: ['teams', 'slack'], scheduled: [] });
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

  it('schedules a retry of a channel still failing, which sends only that channel', async () => {
    const teams = channel('teams', [failing, failing, failing]);
    const slack = channel('slack');
    const { d, scheduled } = deps([teams, slack]);
    const first = await notifyEvent(`${ID}-2`, event('approvalRequested', 'awaitingApproval'), d);
    expect(first).toMatchObject({
      sent: ['slack'],
      scheduled: [{ channel: 'teams', reason: 'HTTP 500', retry: 1, at: '2026-11-23T09:00:30.000Z' }],
    });
    expect(scheduled).toEqual([
      {
        retry: {
          eventId: `${ID}-2`,
          event: event('approvalRequested', 'awaitingApproval'),
          channel: 'teams',
          retry: 1,
        },
        at: '2026-11-23T09:00:30.000Z',
      },
    ]);
    const again = await notifyEvent(scheduled[0]!.retry.eventId, scheduled[0]!.retry.event, d, {
      retry: 1,
      channel: 'teams',
    });
    expect(again).toMatchObject({ sent: ['teams'], already: [], scheduled: [] });
    expect(slack.received).toHaveLength(1);
    expect(teams.received).toHaveLength(4);
  });

  it('waits longer before each retry, and gives up after the last one, marked', async () => {
    const teams = channel(
      'teams',
      Array.from({ length: 40 }, () => failing),
    );
    const { d, scheduled, marks } = deps([teams]);
    const ev = event('approvalRequested', 'awaitingApproval');
    let outcome = await notifyEvent(`${ID}-2`, ev, d);
    for (let retry = 1; retry <= DEFAULT_REDELIVERY_BACKOFF.retries; retry++)
      outcome = await notifyEvent(`${ID}-2`, ev, d, { retry, channel: 'teams' });
    const delays = scheduled.map((s) => (Date.parse(s.at) - NOW.getTime()) / 1000);
    expect(delays).toEqual([30, 60, 120, 240, 480, 900, 900, 900]);
    expect(delays.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(3600);
    expect(outcome).toMatchObject({ exhausted: [{ channel: 'teams', reason: 'HTTP 500' }], scheduled: [] });
    expect([...marks.rows.values()]).toEqual(['gaveUp']);
    expect(teams.received).toHaveLength(3 * 9);
  });

  it('takes a Retry-After longer than the backoff as the delay of the next retry, up to the longest', async () => {
    const teams = channel('teams', [failing, failing, { ...failing, retryAfterMs: 300_000 }]);
    const { d, scheduled } = deps([teams]);
    await notifyEvent(`${ID}-2`, event('approvalRequested', 'awaitingApproval'), d);
    expect(scheduled.map((s) => s.at)).toEqual(['2026-11-23T09:05:00.000Z']);
  });

  it('gives up on a permanent refusal at once, records it and never sends it again', async () => {
    const teams = channel('teams', [{ ok: false, retryable: false, reason: 'HTTP 404' }]);
    const { d, marks } = deps([teams]);
    const first = await notifyEvent(`${ID}-2`, event('approvalRequested', 'awaitingApproval'), d);
    expect(first).toMatchObject({ gaveUp: [{ channel: 'teams', reason: 'HTTP 404' }], scheduled: [] });
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

  it('writes back to a ticket its own intake verified, also for an auto-approved request', async () => {
    const ticket = { system: 'servicenow', id: 'RITM0010001', recordId: 'a1b2c3d4e5f60718293a4b5c6d7e8f90' };
    const servicenow = channel('servicenow', [], ticketTakes('servicenow'));
    const teams = channel('teams');
    const auto = requestOf({
      source: 'servicenow',
      ticket,
      policy: { decision: 'autoApproved', reasons: ['sandbox'], approvers: [] },
    });
    const { d } = deps([teams, servicenow], auto);
    expect(await notifyEvent(`${ID}-3`, event('requestAutoApproved', 'approved'), d)).toMatchObject({
      sent: ['servicenow'],
    });
    expect(servicenow.received[0]).toMatchObject({ source: 'servicenow', ticketRecord: ticket });
    expect(teams.received).toEqual([]);
  });

  it('never writes to a ticket an HTTP or queue caller merely named, nor to another system', async () => {
    const ticket = { system: 'servicenow', id: 'RITM0010001', recordId: 'a1b2c3d4e5f60718293a4b5c6d7e8f90' };
    const servicenow = channel('servicenow', [], ticketTakes('servicenow'));
    const jira = channel('jira', [], ticketTakes('jira'));
    for (const request of [
      requestOf({ source: 'http', ticket }),
      requestOf({ source: 'queue', ticket }),
      requestOf({ source: 'jira', ticket }),
      requestOf({ source: 'servicenow', ticket: { system: 'servicenow', id: 'RITM0010001' } }),
    ])
      expect(
        await notifyEvent(
          `${ID}-4`,
          event('requestSucceeded', 'succeeded'),
          deps([servicenow, jira], request).d,
        ),
      ).toMatchObject({ action: 'skipped' });
    expect([servicenow.received, jira.received]).toEqual([[], []]);
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
