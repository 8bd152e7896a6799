import type { InvocationContext } from '@azure/functions';

/** What every log line about a request names. */
export interface RequestFields {
  id: string;
  target?: string;
  correlationId?: string;
}

export interface RequestLog {
  info(message: string, ...extra: unknown[]): void;
  warn(message: string, ...extra: unknown[]): void;
  error(message: string, ...extra: unknown[]): void;
}

/**
 * Log lines about one request, through the invocation's context. The worker joins a call's arguments into
 * one string (util.format), so Application Insights keeps no extra properties: the fields go in the text
 * as `key=value`, which KQL reads with `parse` or `extract` (docs/operations.md).
 */
export function requestLog(context: InvocationContext, request: RequestFields): RequestLog {
  const suffix = ` | requestId=${request.id} target=${request.target ?? '-'} correlationId=${request.correlationId ?? '-'}`;
  return {
    info: (message, ...extra) => context.log(message + suffix, ...extra),
    warn: (message, ...extra) => context.warn(message + suffix, ...extra),
    error: (message, ...extra) => context.error(message + suffix, ...extra),
  };
}
