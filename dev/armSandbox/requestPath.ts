/** Splits a request target without URL parsing: SDKs send `//subscriptions/...`, which a URL parser reads as a host. */
export function splitRequestTarget(target: string): { path: string; query: Record<string, string> } {
  const mark = target.indexOf('?');
  const rawPath = mark === -1 ? target : target.slice(0, mark);
  const search = mark === -1 ? '' : target.slice(mark + 1);
  return { path: normalisePath(rawPath), query: Object.fromEntries(new URLSearchParams(search)) };
}

/** One leading slash, no trailing slash, percent-escapes decoded. */
export function normalisePath(rawPath: string): string {
  let decoded = rawPath;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    // A malformed escape stays as sent; routing will not match it.
  }
  const trimmed = decoded.replace(/^\/+/, '').replace(/\/+$/, '');
  return `/${trimmed}`;
}
