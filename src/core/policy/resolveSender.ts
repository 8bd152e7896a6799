import type { Actor } from '../caller.js';
import { GUID } from './approverEntry.js';

/**
 * The requester of a queue submission: `requestedBy` is the sending service's object ID, or a name the
 * policy's `services` maps to one. Anything else is no identity, so it is refused (undefined).
 */
export function resolveSender(
  requestedBy: string,
  services: Readonly<Record<string, string>>,
): Actor | undefined {
  const named = Object.entries(services);
  if (GUID.test(requestedBy)) {
    const id = requestedBy.toLowerCase();
    const name = named.find(([, objectId]) => objectId.toLowerCase() === id)?.[0];
    return name === undefined ? { id } : { id, name };
  }
  const objectId = Object.hasOwn(services, requestedBy) ? services[requestedBy] : undefined;
  return objectId === undefined ? undefined : { id: objectId.toLowerCase(), name: requestedBy };
}
