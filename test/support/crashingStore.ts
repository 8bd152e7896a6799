import type { EventType } from '../../src/core/eventType.js';
import type { RequestStore } from '../../src/core/ports.js';

/**
 * A store that dies once before each commit carrying one of `on`, as a process would between an
 * ARM write and the state commit that records it. Nothing of that commit is written.
 */
export function crashingStore(store: RequestStore, on: EventType[]): RequestStore & { crashes: number } {
  const crashed = new Set<string>();
  const wrapped = {
    ...store,
    crashes: 0,
    async commit(previous, next, events) {
      const event = events.find((e) => on.includes(e.type));
      // Once per commit point, not per version: recording the crash moves the version on.
      const key = event && `${next.id}:${event.type}:${JSON.stringify(event.data ?? null).slice(0, 40)}`;
      if (key && !crashed.has(key)) {
        crashed.add(key);
        wrapped.crashes++;
        throw new Error(`injected crash before committing ${event?.type}`);
      }
      return store.commit(previous, next, events);
    },
  } satisfies RequestStore & { crashes: number };
  return wrapped;
}
