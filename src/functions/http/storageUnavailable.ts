/**
 * Whether a failure that reached the edge is Table storage being away. ARM failures are ArmErrors by then,
 * so a RestError here comes from the storage SDK: no answer at all, or a 5xx (throttling 503 included).
 */
export function isStorageUnavailable(e: unknown): boolean {
  if (typeof e !== 'object' || e === null || (e as { name?: unknown }).name !== 'RestError') return false;
  const status = (e as { statusCode?: unknown }).statusCode;
  return status === undefined || (typeof status === 'number' && status >= 500);
}
