import type { ApiVersionedType } from './apiVersions.js';
import { parseScope, type ParsedScope } from './scopes.js';

export type Route =
  | { kind: 'roleAssignments'; scope: ParsedScope; name?: string }
  | { kind: 'roleDefinitions'; scope?: ParsedScope; name?: string }
  | { kind: 'vmOperation'; operationId: string }
  | { kind: 'resource'; scope: ParsedScope; type: string }
  | { kind: 'invalidScope'; scope: string }
  | { kind: 'unknown' };

const authorization =
  /^(.*)\/providers\/microsoft\.authorization\/(roleassignments|roledefinitions)(?:\/([^/]+))?$/i;
const vmOperation =
  /^\/subscriptions\/[^/]+\/providers\/microsoft\.compute\/locations\/[^/]+\/operations\/([^/]+)$/i;

/** Which handler a normalised path belongs to. */
export function routeOf(path: string): Route {
  const auth = authorization.exec(path);
  if (auth) {
    const [, scopeText = '', collection = '', name] = auth;
    const scope = parseScope(scopeText);
    const named = name === undefined ? {} : { name };
    if (collection.toLowerCase() === 'roledefinitions') {
      if (scopeText === '') return { kind: 'roleDefinitions', ...named };
      return scope
        ? { kind: 'roleDefinitions', scope, ...named }
        : { kind: 'invalidScope', scope: scopeText };
    }
    return scope
      ? { kind: 'roleAssignments', scope, ...named }
      : { kind: 'invalidScope', scope: scopeText || '/' };
  }
  const operation = vmOperation.exec(path);
  if (operation?.[1]) return { kind: 'vmOperation', operationId: operation[1] };
  const scope = parseScope(path);
  if (scope?.kind === 'resource' && scope.segments.length === 8) {
    return { kind: 'resource', scope, type: `${scope.segments[5]}/${scope.segments[6]}`.toLowerCase() };
  }
  return { kind: 'unknown' };
}

const resourceApiTypes: Record<string, ApiVersionedType> = {
  'microsoft.automation/automationaccounts': 'automationAccounts',
  'microsoft.compute/virtualmachines': 'virtualMachines',
  'microsoft.managedidentity/userassignedidentities': 'userAssignedIdentities',
};

/** The resource type whose api-version list applies; undefined accepts any well-formed version. */
export function apiVersionTypeOf(route: Route): ApiVersionedType | undefined {
  switch (route.kind) {
    case 'roleAssignments':
      return 'roleAssignments';
    case 'roleDefinitions':
      return 'roleDefinitions';
    case 'vmOperation':
      return 'virtualMachines';
    case 'resource':
      return resourceApiTypes[route.type];
    default:
      return undefined;
  }
}

/** The action ARM would authorise, for AuthorizationFailed messages. */
export function writeActionOf(route: Route, method: string): string {
  if (route.kind === 'roleAssignments') {
    return `Microsoft.Authorization/roleAssignments/${method === 'DELETE' ? 'delete' : 'write'}`;
  }
  if (route.kind === 'resource') {
    const [namespace, type] = route.scope.segments.slice(5, 7);
    return `${namespace}/${type}/${method === 'DELETE' ? 'delete' : 'write'}`;
  }
  return '*/write';
}
