import type { Clock } from '../../src/core/clock.js';

/** A clock that moves only when told: scheduled messages and retries cost no wall time in tests. */
export class ManualClock implements Clock {
  private current: number;
  constructor(start: Date | string = '2026-11-23T09:00:00.000Z') {
    this.current = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.current);
  }
  /** Moves to `at`; never backwards. */
  advanceTo(at: Date | string): void {
    this.current = Math.max(this.current, new Date(at).getTime());
  }
  advanceBy(ms: number): void {
    this.current += ms;
  }
}
