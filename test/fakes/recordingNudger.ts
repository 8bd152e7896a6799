import type { Nudger } from '../../src/core/ports.js';

export interface RecordedNudge {
  requestId: string;
  target: string;
  version: number;
  /** When the nudge is scheduled for; absent for "now". */
  at?: string;
}

/** Records every nudge; set `failing` to make the next ones throw as an unreachable Service Bus would. */
export class RecordingNudger implements Nudger {
  readonly nudges: RecordedNudge[] = [];
  failing = false;

  async nudge(nudge: { requestId: string; target: string; version: number }, at?: Date): Promise<void> {
    if (this.failing) throw new Error('Service Bus is unreachable');
    this.nudges.push({
      requestId: nudge.requestId,
      target: nudge.target,
      version: nudge.version,
      ...(at ? { at: at.toISOString() } : {}),
    });
  }

  /** The most recent nudge, which is what drives the request next. */
  last(): RecordedNudge | undefined {
    return this.nudges.at(-1);
  }
}
