// Enough to say what went wrong; the stack goes to the log, never to the record.
const MAX_MESSAGE_CHARS = 1_000;

/** How an unexpected failure is written on a request: its name and message, bounded, no stack. */
export function describeUnexpected(error: unknown): string {
  const text =
    error instanceof Error
      ? `${error.name}: ${error.message}`
      : `${typeof error}: ${String(error as string | number)}`;
  return text.length > MAX_MESSAGE_CHARS ? `${text.slice(0, MAX_MESSAGE_CHARS)}…` : text;
}
