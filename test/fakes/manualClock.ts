import type { Clock } from '../../src/core/clock.js';

/** A clock that moves only when told, so retries and deadlines cost no wall time. */
export class ManualClock implements Clock {
  private current: number;
  constructor(start: string = '2026-11-23T09:00:00.000Z') {
    this.current = Date.parse(start);
  }
  now(): Date {
    return new Date(this.current);
  }
  advanceBy(ms: number): void {
    this.current += ms;
  }
  /** Moves to `at` (an ISO time or Date); never backwards. */
  advanceTo(at: string | Date): void {
    this.current = Math.max(this.current, new Date(at).getTime());
  }
}
