/**
 * ISO 8601 durations in the forms a grant needs (`PT8H`, `P30D`, `P1W`, `P1DT12H`). Years and months
 * are refused: their length depends on the calendar, and a grant's end must be exact.
 */
/** Ten years: longer than any grant or approval window, short enough for every date to stay representable. */
export const MAX_DURATION_MS = 3650 * 24 * 3600_000;

const DURATION = /^P(?:(\d+)W|(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?)$/;

export function parseDurationMs(text: string): number | undefined {
  const match = DURATION.exec(text);
  if (!match || text === 'P' || text.endsWith('T')) return undefined;
  const [, weeks, days, hours, minutes, seconds] = match.map((v) => (v === undefined ? 0 : Number(v)));
  const ms =
    ((((weeks ?? 0) * 7 + (days ?? 0)) * 24 + (hours ?? 0)) * 60 + (minutes ?? 0)) * 60_000 +
    (seconds ?? 0) * 1000;
  return ms > 0 && ms <= MAX_DURATION_MS ? ms : undefined;
}
