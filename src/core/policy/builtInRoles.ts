/** Built-in roles that let their holder grant access: never handed out by the broker by default. */
export const PRIVILEGED_ROLES = [
  { name: 'Owner', id: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635' },
  { name: 'User Access Administrator', id: '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9' },
  { name: 'Role Based Access Control Administrator', id: 'f58310d9-a9f6-439a-9e8d-f62e7b41a168' },
] as const;
