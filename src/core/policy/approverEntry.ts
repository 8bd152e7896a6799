import { err, ok, type Result } from '../result.js';

export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An approver as policy names it: only by identifiers Entra never lets a user change. */
export type ApproverEntry =
  { kind: 'objectId'; id: string } | { kind: 'role'; role: string } | { kind: 'group'; id: string };

export type InvalidApprover = { code: 'invalidApprover'; message: string };

const HINT = 'use the object ID, role:<app role> or group:<group object ID>';
const invalid = (entry: string, why: string) =>
  err<InvalidApprover>({ code: 'invalidApprover', message: `"${entry}" ${why}: ${HINT}` });

/** Reads one `approvers` entry; anything that is not plainly an identifier is refused, never guessed at. */
export function parseApproverEntry(entry: string): Result<ApproverEntry, InvalidApprover> {
  if (/\s/.test(entry)) return invalid(entry, 'contains white space');
  const prefix = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(entry)?.[1];
  const rest = prefix === undefined ? entry : entry.slice(prefix.length + 1);
  if (prefix === 'role')
    return rest === '' ? invalid(entry, 'names no app role') : ok({ kind: 'role', role: rest });
  if (prefix === 'group')
    return GUID.test(rest) ? ok({ kind: 'group', id: rest }) : invalid(entry, 'is not a group object ID');
  if (prefix !== undefined) return invalid(entry, `has an unknown prefix "${prefix}:"`);
  return GUID.test(entry)
    ? ok({ kind: 'objectId', id: entry })
    : invalid(entry, 'is a name, not an identity');
}
