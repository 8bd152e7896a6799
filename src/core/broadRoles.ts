/**
 * Roles that reach far more than most jobs need, and the data-plane role that does the usual job instead.
 * The plan's hints read this table; it decides nothing (policy does). Keyed by lower-case name; `why` reads
 * between the role's name and the narrower role's.
 */
export const NARROWER_ROLES: Readonly<Record<string, { instead: string; why: string }>> = {
  'key vault contributor': {
    instead: 'Key Vault Secrets User',
    why: 'manages vaults, not their data: reading secrets needs only',
  },
  'key vault administrator': {
    instead: 'Key Vault Secrets User',
    why: 'can do anything with keys, secrets and certificates: reading secrets needs only',
  },
  'storage account contributor': {
    instead: 'Storage Blob Data Reader',
    why: "manages accounts and can list their keys, which open all of an account's data: reading blobs needs only",
  },
  'storage blob data owner': {
    instead: 'Storage Blob Data Contributor',
    why: 'also sets access on containers: reading and writing blobs needs only',
  },
};

// Owner, Contributor and User Access Administrator, and their service-specific kin ("Storage Account Contributor").
const BROAD_NAME = /(^|\s)(owner|contributor|administrator)$/i;

/** A role whose name says it manages or grants, rather than uses: worth narrowing at a wide scope. */
export const isBroadRole = (roleName: string): boolean =>
  BROAD_NAME.test(roleName.trim()) || roleName.toLowerCase() in NARROWER_ROLES;

export const narrowerRoleFor = (roleName: string): { instead: string; why: string } | undefined =>
  NARROWER_ROLES[roleName.trim().toLowerCase()];
