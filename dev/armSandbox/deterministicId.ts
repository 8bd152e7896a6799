import { createHash } from 'node:crypto';

/**
 * A GUID derived from what it names: the sandbox gives the n-th principal it creates after a reset the
 * same ID every run, so a clean run and a run with injected faults can be compared field by field.
 */
export function deterministicGuid(name: string): string {
  const hex = createHash('sha256').update(name).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
