import type { OperationResult, RequestError } from './identityRequest.js';

/** What one attempt at a step came to. */
export type StepOutcome =
  | { kind: 'done'; results: Map<number, OperationResult> }
  | { kind: 'inProgress'; resumeToken: string; delayMs: number }
  | {
      kind: 'retry';
      transient: boolean;
      code: string;
      message: string;
      delayMs: number;
      keepResumeToken?: string;
    }
  /** ARM's budget has no room for the step's change yet: it runs at `until`, a slot held for it. */
  | { kind: 'deferred'; until: Date }
  | { kind: 'failed'; error: RequestError };
