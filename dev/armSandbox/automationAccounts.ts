import { compareApiVersions } from './apiVersions.js';
import { armError, methodNotAllowed, ok, type ArmResponse } from './armResponse.js';
import { applyIdentityPlan, planIdentityPatch, renderIdentity } from './identityPatch.js';
import type { SandboxResource, SandboxStore } from './store.js';
import type { ArmRequest, HandlerContext } from './types.js';

/** Automation supports managed identities from this api-version; older ones neither show nor change them. */
const FIRST_IDENTITY_API_VERSION = '2020-01-13-preview';

/** GET and PATCH of an Automation account; PATCH is synchronous. */
export function handleAutomationAccount(
  ctx: HandlerContext,
  req: ArmRequest,
  account: SandboxResource,
): ArmResponse {
  const legacy = compareApiVersions(req.apiVersion ?? '', FIRST_IDENTITY_API_VERSION) < 0;
  if (req.method === 'GET') return ok(renderAutomationAccount(ctx.store, account, legacy));
  if (req.method !== 'PATCH') return methodNotAllowed(req.method);
  const body = req.body as Record<string, unknown> | undefined;
  if (typeof body !== 'object' || body === null)
    return armError(400, 'BadRequest', 'The request body is required.');
  // Legacy api-versions drop `identity` silently, as real ARM does for the old SDK.
  if (!legacy && body.identity !== undefined && body.identity !== null) {
    const planned = planIdentityPatch(
      { store: ctx.store, resource: account, callerOid: req.callerOid, badRequestCode: 'BadRequest' },
      body.identity,
    );
    if (!planned.ok) return planned.response;
    applyIdentityPlan(ctx.store, account, planned.plan, ctx.options.replicationDelayAttempts);
  }
  if (isStringRecord(body.tags)) account.tags = body.tags;
  account.updatedAt = new Date().toISOString();
  return ok(renderAutomationAccount(ctx.store, account, legacy));
}

function renderAutomationAccount(store: SandboxStore, account: SandboxResource, legacy: boolean) {
  const identity = legacy ? undefined : renderIdentity(store, account);
  return {
    id: account.id,
    name: account.name,
    type: 'Microsoft.Automation/AutomationAccounts',
    location: account.location,
    tags: account.tags,
    // The spec's example GET of an account with no identity has no `identity` key at all.
    ...(identity ? { identity } : {}),
    properties: {
      sku: { name: 'Basic' },
      state: 'Ok',
      creationTime: account.createdAt,
      lastModifiedTime: account.updatedAt,
      disableLocalAuth: false,
      publicNetworkAccess: true,
    },
  };
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return (
    typeof value === 'object' && value !== null && Object.values(value).every((v) => typeof v === 'string')
  );
}
