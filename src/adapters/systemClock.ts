import type { Clock } from '../core/clock.js';

/** The machine's clock, for everything outside tests. */
export const systemClock: Clock = { now: () => new Date() };
