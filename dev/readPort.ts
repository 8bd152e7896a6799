/** `PORT` for the local host: unset means 7071; anything but an integer from 1 to 65535 is refused. */
export function readPort(
  value: string | undefined,
): { ok: true; value: number } | { ok: false; error: string } {
  const text = value?.trim() ?? '';
  if (text === '') return { ok: true, value: 7071 };
  const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  return port >= 1 && port <= 65535
    ? { ok: true, value: port }
    : { ok: false, error: `PORT must be an integer from 1 to 65535, not "${value}"` };
}
