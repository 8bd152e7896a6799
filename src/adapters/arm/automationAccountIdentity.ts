import type { ResourceManagementClient } from '@azure/arm-resources';
import type { IdentityPatchBody, TargetIdentity } from '../../core/identity.js';
import type { IdentityUpdate } from '../../core/ports.js';
import { armCall, isNotFound } from './toArmError.js';
import { toTargetIdentity } from './toTargetIdentity.js';

/**
 * Automation accounts through the generic resources client: @azure/arm-automation's only release
 * speaks api-version 2015-10-31 and silently drops `identity` from its PATCH (FACTS.md).
 */
export const AUTOMATION_API_VERSION = '2023-11-01';

interface UpdatePoller {
  isDone(): boolean;
  getResult(): { identity?: Parameters<typeof toTargetIdentity>[0] } | undefined;
  toString(): string;
  poll(): Promise<void>;
}

const progressOf = (poller: UpdatePoller): IdentityUpdate => {
  if (!poller.isDone()) return { status: 'inProgress', resumeToken: poller.toString() };
  return { status: 'done', identity: toTargetIdentity(poller.getResult()?.identity) };
};

export function automationAccountIdentity(client: (target: string) => ResourceManagementClient) {
  return {
    async get(target: string): Promise<TargetIdentity | undefined> {
      try {
        const resource = await armCall(() =>
          client(target).resources.getById(target, AUTOMATION_API_VERSION),
        );
        return toTargetIdentity(resource.identity);
      } catch (e) {
        if (isNotFound(e)) return undefined;
        throw e;
      }
    },
    async beginUpdate(target: string, body: IdentityPatchBody): Promise<IdentityUpdate> {
      // The SDK's types forbid null, but a null entry is how ARM removes one user-assigned identity.
      const parameters = { identity: body.identity } as Parameters<
        ResourceManagementClient['resources']['beginUpdateById']
      >[2];
      const poller = await armCall(() =>
        client(target).resources.beginUpdateById(target, AUTOMATION_API_VERSION, parameters),
      );
      return progressOf(poller as unknown as UpdatePoller);
    },
    async resume(target: string, resumeToken: string): Promise<IdentityUpdate> {
      const poller = (await armCall(() =>
        client(target).resources.beginUpdateById(
          target,
          AUTOMATION_API_VERSION,
          {},
          { resumeFrom: resumeToken },
        ),
      )) as unknown as UpdatePoller;
      if (!poller.isDone()) await armCall(() => poller.poll());
      return progressOf(poller);
    },
  };
}
