import { parseResourceId } from '../../core/resourceId.js';

// Clients need a subscription even for calls that are scope-based (management groups have none).
const NO_SUBSCRIPTION = '00000000-0000-0000-0000-000000000000';

/** The subscription an ID lives in, for choosing the client that calls it. */
export function subscriptionOf(id: string): string {
  const parsed = parseResourceId(id);
  return (parsed.ok && parsed.value.subscriptionId) || NO_SUBSCRIPTION;
}

/** One client per subscription, made on first use. */
export function perSubscription<T>(make: (subscriptionId: string) => T): (id: string) => T {
  const clients = new Map<string, T>();
  return (id) => {
    const subscriptionId = subscriptionOf(id);
    let client = clients.get(subscriptionId);
    if (!client) clients.set(subscriptionId, (client = make(subscriptionId)));
    return client;
  };
}
