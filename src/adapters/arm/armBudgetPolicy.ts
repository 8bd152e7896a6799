import type { ResourceManagementClient } from '@azure/arm-resources';
import type { ArmChange } from '../../core/ports.js';
import { type ArmBudgetView, budgetKeyOf } from './armBudget.js';

type PipelinePolicy = Parameters<ResourceManagementClient['pipeline']['addPolicy']>[0];
type Pipelined = { pipeline: { addPolicy(policy: PipelinePolicy): void } };

const changeOf = (method: string): ArmChange | undefined =>
  method === 'DELETE' ? 'delete' : method === 'GET' || method === 'HEAD' ? undefined : 'write';

// ARM names the bucket a response drew on: subscription or tenant, then writes or deletes.
const headerOf = (key: string, change: ArmChange) =>
  `x-ms-ratelimit-remaining-${key === 'tenant' ? 'tenant' : 'subscription'}-${change}s`;

function retryAfterMs(value: string | undefined): number | undefined {
  if (!value || !/^\d+$/.test(value.trim())) return undefined;
  return Number(value) * 1000;
}

/**
 * Feeds every answer's `x-ms-ratelimit-remaining-*` to the budget view. A 429 counts as ARM's own throttle
 * only when it carries that header too: a resource provider's 429 (or an injected one) says nothing about
 * the subscription's bucket, and its Retry-After is the failed call's alone.
 */
export function armBudgetPolicy(budget: ArmBudgetView): PipelinePolicy {
  return {
    name: 'identityBrokerArmBudget',
    async sendRequest(request, next) {
      const change = changeOf(request.method);
      if (!change) return next(request);
      const key = budgetKeyOf(new URL(request.url).pathname);
      let response;
      try {
        response = await next(request);
      } catch (e) {
        budget.answered(key, change, {}); // no answer: nothing to read, but the change is no longer pending
        throw e;
      }
      const header = response.headers.get(headerOf(key, change))?.trim();
      const remaining = header && /^\d+$/.test(header) ? Number(header) : undefined;
      const retryAfter =
        response.status === 429 && remaining !== undefined
          ? retryAfterMs(response.headers.get('retry-after'))
          : undefined;
      budget.answered(key, change, {
        ...(remaining === undefined ? {} : { remaining }),
        ...(retryAfter === undefined ? {} : { retryAfterMs: retryAfter }),
      });
      return response;
    },
  };
}

/** The client with the budget policy in its pipeline. */
export function withArmBudget<T extends Pipelined>(client: T, budget: ArmBudgetView | undefined): T {
  if (budget) client.pipeline.addPolicy(armBudgetPolicy(budget));
  return client;
}
