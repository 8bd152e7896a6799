/**
 * Strict parsing of ARM resource IDs and scopes. ARM compares IDs case-insensitively, so every
 * comparison here goes through `resourceIdKey`; scope containment is segment-wise, never a string
 * prefix, so `/resourceGroups/rg1` never widens to `/resourceGroups/rg10`.
 */
export type ScopeKind = 'managementGroup' | 'subscription' | 'resourceGroup' | 'resource';

export interface ResourceId {
  /** The ID with ARM's keywords in canonical casing; names keep the caller's casing. */
  readonly id: string;
  readonly kind: ScopeKind;
  readonly subscriptionId?: string;
  readonly resourceGroup?: string;
  readonly managementGroup?: string;
  /** `Namespace/type[/childType...]` for resources, e.g. `Microsoft.Automation/automationAccounts`. */
  readonly resourceType?: string;
  readonly name?: string;
}

export type ResourceIdProblem = { code: 'invalidResourceId'; message: string };

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// ARM allows Unicode letters and digits in resource group names; `\w` would be ASCII only.
const RESOURCE_GROUP = /^[-\p{L}\p{N}_.()]{1,90}$/u;
const MANAGEMENT_GROUP = /^[-\w.()]{1,90}$/;
const NAMESPACE = /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)+$/;
const TYPE_SEGMENT = /^[A-Za-z][A-Za-z0-9]*$/;
// Characters ARM forbids in names or that would change the URL's meaning.
// eslint-disable-next-line no-control-regex -- control characters are exactly what this refuses
const FORBIDDEN_IN_NAME = /[\s/\\?#%&:<>*"|\u0000-\u001f\u007f]/u;

const KNOWN_TYPE_CASING = new Map(
  [
    'Microsoft.Automation/automationAccounts',
    'Microsoft.Compute/virtualMachines',
    'Microsoft.ManagedIdentity/userAssignedIdentities',
    'Microsoft.KeyVault/vaults',
    'Microsoft.Storage/storageAccounts',
    'Microsoft.Management/managementGroups',
  ].map((t) => [t.toLowerCase(), t]),
);

const fail = (message: string): { ok: false; error: ResourceIdProblem } => ({
  ok: false,
  error: { code: 'invalidResourceId', message },
});

/** Parses any ARM scope: management group, subscription, resource group or resource. */
export function parseResourceId(
  input: string,
): { ok: true; value: ResourceId } | { ok: false; error: ResourceIdProblem } {
  if (typeof input !== 'string' || input.length === 0) return fail('is empty');
  if (input.length > 1024) return fail('is longer than 1024 characters');
  if (!input.startsWith('/')) return fail("must start with '/'");
  if (input.endsWith('/')) return fail("must not end with '/'");
  const segments = input.slice(1).split('/');
  if (segments.some((s) => s.length === 0)) return fail('has an empty segment');
  if (segments.some((s) => s === '.' || s === '..')) return fail("has a '.' or '..' segment");

  const [first, second, ...rest] = segments;
  if (first?.toLowerCase() === 'providers') return parseManagementGroup(second, rest);
  if (first?.toLowerCase() !== 'subscriptions' || second === undefined)
    return fail(
      "must start with '/subscriptions/{id}' or '/providers/Microsoft.Management/managementGroups/{id}'",
    );
  if (!GUID.test(second)) return fail('has a subscription ID that is not a GUID');
  const subscriptionId = second.toLowerCase();
  const subscriptionPath = `/subscriptions/${subscriptionId}`;
  if (rest.length === 0)
    return { ok: true, value: { id: subscriptionPath, kind: 'subscription', subscriptionId } };

  const [third, fourth, ...afterGroup] = rest;
  if (third?.toLowerCase() === 'providers')
    return parseProviderPart(subscriptionPath, { subscriptionId }, [third, fourth ?? '', ...afterGroup]);
  if (third?.toLowerCase() !== 'resourcegroups' || fourth === undefined)
    return fail("expects 'resourceGroups/{name}' or 'providers/...' after the subscription");
  if (!RESOURCE_GROUP.test(fourth) || fourth.endsWith('.')) return fail('has an invalid resource group name');
  const groupPath = `${subscriptionPath}/resourceGroups/${fourth}`;
  if (afterGroup.length === 0)
    return {
      ok: true,
      value: { id: groupPath, kind: 'resourceGroup', subscriptionId, resourceGroup: fourth },
    };
  if (afterGroup[0]?.toLowerCase() !== 'providers')
    return fail("expects 'providers/{namespace}/{type}/{name}' after the resource group");
  return parseProviderPart(groupPath, { subscriptionId, resourceGroup: fourth }, afterGroup);
}

function parseManagementGroup(
  namespace: string | undefined,
  rest: string[],
): ReturnType<typeof parseResourceId> {
  const [type, name, ...more] = rest;
  if (
    namespace?.toLowerCase() !== 'microsoft.management' ||
    type?.toLowerCase() !== 'managementgroups' ||
    name === undefined
  )
    return fail(
      "must start with '/subscriptions/{id}' or '/providers/Microsoft.Management/managementGroups/{id}'",
    );
  if (more.length > 0) return fail('has segments after the management group name');
  if (!MANAGEMENT_GROUP.test(name)) return fail('has an invalid management group name');
  return {
    ok: true,
    value: {
      id: `/providers/Microsoft.Management/managementGroups/${name}`,
      kind: 'managementGroup',
      managementGroup: name,
    },
  };
}

function parseProviderPart(
  parentPath: string,
  parent: { subscriptionId: string; resourceGroup?: string },
  segments: string[],
): ReturnType<typeof parseResourceId> {
  // segments: providers, namespace, type, name, [childType, childName]...
  const [, namespace, ...typeAndNames] = segments;
  if (namespace === undefined || !NAMESPACE.test(namespace)) return fail('has an invalid provider namespace');
  if (typeAndNames.length < 2 || typeAndNames.length % 2 !== 0)
    return fail('must name a resource as {namespace}/{type}/{name}');
  const types: string[] = [];
  const names: string[] = [];
  for (let i = 0; i < typeAndNames.length; i += 2) {
    const type = typeAndNames[i] as string;
    const name = typeAndNames[i + 1] as string;
    if (!TYPE_SEGMENT.test(type)) return fail(`has an invalid resource type '${type}'`);
    if (FORBIDDEN_IN_NAME.test(name) || name.length > 260)
      return fail(`has an invalid resource name '${name}'`);
    types.push(type);
    names.push(name);
  }
  const rawType = `${namespace}/${types.join('/')}`;
  const resourceType = KNOWN_TYPE_CASING.get(rawType.toLowerCase()) ?? rawType;
  const [canonicalNamespace, ...canonicalTypes] = resourceType.split('/');
  const pairs = canonicalTypes.map((t, i) => `${t}/${names[i]}`).join('/');
  return {
    ok: true,
    value: {
      id: `${parentPath}/providers/${canonicalNamespace}/${pairs}`,
      kind: 'resource',
      ...parent,
      resourceType,
      name: names[names.length - 1] as string,
    },
  };
}

/** The comparison key: ARM IDs are case-insensitive. */
export const resourceIdKey = (id: string): string => id.toLowerCase();

export const sameResourceId = (a: string, b: string): boolean => resourceIdKey(a) === resourceIdKey(b);

/** True when `inner` is `outer` or lies below it, compared segment by segment. */
export function isWithinScope(inner: string, outer: string): boolean {
  const a = resourceIdKey(inner).split('/');
  const b = resourceIdKey(outer).split('/');
  return b.length <= a.length && b.every((segment, i) => segment === a[i]);
}

export const isResourceOfType = (id: ResourceId, type: string): boolean =>
  id.kind === 'resource' && id.resourceType?.toLowerCase() === type.toLowerCase();
