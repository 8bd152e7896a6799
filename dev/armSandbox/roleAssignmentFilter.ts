export interface RoleAssignmentFilter {
  atScope: boolean;
  principalId?: string;
}

/** Parses the `$filter` forms ARM accepts for role assignments; a string names what it could not read. */
export function parseRoleAssignmentFilter(filter: string | undefined): RoleAssignmentFilter | string {
  if (filter === undefined || filter.trim() === '') return { atScope: false };
  const result: RoleAssignmentFilter = { atScope: false };
  for (const clause of filter.split(/\s+and\s+/i)) {
    const text = clause.trim();
    if (/^atScope\(\)$/i.test(text)) {
      result.atScope = true;
      continue;
    }
    const principal = /^principalId\s+eq\s+'([^']+)'$/i.exec(text) ?? /^assignedTo\('([^']+)'\)$/i.exec(text);
    if (principal?.[1]) {
      result.principalId = principal[1];
      continue;
    }
    return text;
  }
  return result;
}
