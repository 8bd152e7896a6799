/**
 * Resource types the sandbox serves, each with the api-versions of the published specs
 * (Azure/azure-rest-api-specs: the stable and preview folders of each resource provider).
 */
export const API_VERSIONS = {
  automationAccounts: [
    '2015-10-31',
    '2019-06-01',
    '2020-01-13-preview',
    '2021-06-22',
    '2022-08-08',
    '2023-05-15-preview',
    '2023-11-01',
    '2024-10-23',
  ],
  virtualMachines: [
    '2015-06-15',
    '2016-04-30-preview',
    '2017-03-30',
    '2017-12-01',
    '2018-04-01',
    '2018-06-01',
    '2019-07-01',
    '2020-06-01',
    '2021-03-01',
    '2022-03-01',
    '2023-03-01',
    '2024-03-01',
    '2024-07-01',
    '2024-11-01',
    '2025-04-01',
    '2026-03-01',
  ],
  userAssignedIdentities: [
    '2015-08-31-preview',
    '2018-11-30',
    '2021-09-30-preview',
    '2023-01-31',
    '2024-11-30',
  ],
  roleAssignments: [
    '2020-04-01-preview',
    '2020-08-01-preview',
    '2020-10-01-preview',
    '2022-01-01-preview',
    '2022-04-01',
  ],
  roleDefinitions: ['2015-07-01', '2018-01-01-preview', '2022-04-01', '2022-05-01-preview'],
} as const;

export type ApiVersionedType = keyof typeof API_VERSIONS;

const versionPattern = /^(\d{4}-\d{2}-\d{2})(-[a-z]+)?$/i;

/** Orders api-versions by date; a preview sorts before the stable version of the same date. */
export function compareApiVersions(a: string, b: string): number {
  const [, dateA = '', suffixA] = versionPattern.exec(a) ?? [];
  const [, dateB = '', suffixB] = versionPattern.exec(b) ?? [];
  if (dateA !== dateB) return dateA < dateB ? -1 : 1;
  return (suffixA ? 0 : 1) - (suffixB ? 0 : 1);
}

/** A date, optionally with a suffix such as `-preview`: anything else is not an api-version at all. */
export function isWellFormedApiVersion(version: string): boolean {
  return versionPattern.test(version);
}

/** Only the versions listed for the type: ARM refuses any other, older or newer (NoRegisteredProviderFound). */
export function isSupportedApiVersion(type: ApiVersionedType, version: string): boolean {
  return (API_VERSIONS[type] as readonly string[]).some((v) => v.toLowerCase() === version.toLowerCase());
}

/** The type as ARM names it in NoRegisteredProviderFound. */
export const API_TYPE_NAMES: Record<ApiVersionedType, string> = {
  automationAccounts: 'automationAccounts',
  virtualMachines: 'virtualMachines',
  userAssignedIdentities: 'userAssignedIdentities',
  roleAssignments: 'roleAssignments',
  roleDefinitions: 'roleDefinitions',
};
