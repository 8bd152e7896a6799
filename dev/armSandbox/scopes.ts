import { armError, type ArmResponse } from './armResponse.js';
import type { SandboxStore } from './store.js';

export type ScopeKind = 'managementGroup' | 'subscription' | 'resourceGroup' | 'resource';

export interface ParsedScope {
  kind: ScopeKind;
  /** Lowercased scope: the key for lookups. */
  key: string;
  segments: string[];
}

const patterns: Array<[ScopeKind, RegExp]> = [
  ['managementGroup', /^\/providers\/microsoft\.management\/managementgroups\/[^/]+$/],
  ['subscription', /^\/subscriptions\/[^/]+$/],
  ['resourceGroup', /^\/subscriptions\/[^/]+\/resourcegroups\/[^/]+$/],
  ['resource', /^\/subscriptions\/[^/]+\/resourcegroups\/[^/]+\/providers\/[^/]+(\/[^/]+\/[^/]+)+$/],
];

/** Classifies a scope string; undefined when it is no scope ARM knows the shape of. */
export function parseScope(scope: string): ParsedScope | undefined {
  const key = scope.toLowerCase();
  const match = patterns.find(([, pattern]) => pattern.test(key));
  return match ? { kind: match[0], key, segments: scope.split('/').slice(1) } : undefined;
}

/** The scope and every scope above it, lowercased, nearest first. */
export function scopeChain(store: SandboxStore, scopeKey: string): string[] {
  const parts = scopeKey.split('/');
  if (parts[1] !== 'subscriptions') return [scopeKey];
  const chain = [scopeKey];
  if (parts.length > 5) chain.push(parts.slice(0, 5).join('/'));
  if (parts.length > 3) chain.push(parts.slice(0, 3).join('/'));
  const subscription = parts.slice(0, 3).join('/');
  const group = store.subscriptionParents.get(subscription);
  if (group) chain.push(group);
  return chain;
}

export function isAtOrAbove(store: SandboxStore, upper: string, lower: string): boolean {
  return scopeChain(store, lower.toLowerCase()).includes(upper.toLowerCase());
}

/** The scope with the casing ARM stores it in. */
export function canonicalScope(store: SandboxStore, scope: ParsedScope): string {
  return (
    store.containers.get(scope.key) ?? store.resources.get(scope.key)?.id ?? `/${scope.segments.join('/')}`
  );
}

/** 404s the way ARM answers for a scope that does not exist; undefined when it exists. */
export function missingScope(store: SandboxStore, scope: ParsedScope): ArmResponse | undefined {
  const s = scope.segments;
  if (scope.kind === 'managementGroup') {
    return store.containers.has(scope.key)
      ? undefined
      : armError(404, 'ManagementGroupNotFound', `The management group '${s[3]}' was not found.`);
  }
  const subscription = scope.key.split('/').slice(0, 3).join('/');
  if (!store.containers.has(subscription)) {
    return armError(404, 'SubscriptionNotFound', `The subscription '${s[1]}' could not be found.`);
  }
  if (scope.kind === 'subscription') return undefined;
  if (!store.containers.has(scope.key.split('/').slice(0, 5).join('/'))) {
    return armError(404, 'ResourceGroupNotFound', `Resource group '${s[3]}' could not be found.`);
  }
  if (scope.kind === 'resourceGroup' || store.resources.has(scope.key)) return undefined;
  return armError(
    404,
    'ResourceNotFound',
    `The Resource '${s.slice(5).join('/')}' under resource group '${s[3]}' was not found. ` +
      'For more details please go to https://aka.ms/ARMResourceNotFoundFix',
  );
}
