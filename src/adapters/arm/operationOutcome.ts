import { AsyncLocalStorage } from 'node:async_hooks';
import type { ComputeManagementClient } from '@azure/arm-compute';
import { ArmError } from '../../core/armError.js';
import { armCall } from './toArmError.js';

type PipelinePolicy = Parameters<ComputeManagementClient['pipeline']['addPolicy']>[0];
interface OperationErrorBody {
  code?: unknown;
  message?: unknown;
}
interface Sink {
  error?: OperationErrorBody;
}

// core-lro keeps only a message string of a failed operation's error, and nothing of a canceled one's:
// the status body is read off the wire while the poll runs.
const current = new AsyncLocalStorage<Sink>();
const watched = new WeakSet<ComputeManagementClient>();

const UNSUCCESSFUL = /^(failed|canceled|cancelled)$/i;

const operationErrorPolicy: PipelinePolicy = {
  name: 'identityBrokerOperationError',
  async sendRequest(request, next) {
    const response = await next(request);
    const sink = current.getStore();
    if (sink && request.method === 'GET') {
      const body = parseObject(response.bodyAsText);
      if (typeof body?.status === 'string' && UNSUCCESSFUL.test(body.status) && isObject(body.error))
        sink.error = body.error;
    }
    return response;
  },
};

/** The state a core-lro poller reports; `error` is the plain Error core-lro made of a failure. */
interface PollerLike {
  poll(): Promise<unknown>;
  readonly operationState?: { status: string; error?: Error } | undefined;
}

/**
 * One look at a long-running operation. An operation that ended `Failed` or `Canceled` is a permanent
 * failure carrying ARM's `error.code` and `error.message` from the status body; ARM's HTTP failures are
 * classified as any call's are.
 */
export async function pollOnce(client: ComputeManagementClient, poller: PollerLike): Promise<void> {
  if (!watched.has(client)) {
    client.pipeline.addPolicy(operationErrorPolicy);
    watched.add(client);
  }
  const sink: Sink = {};
  try {
    await current.run(sink, () => armCall(() => poller.poll()));
  } catch (e) {
    const failure = unsuccessfulOperation(poller, sink.error);
    if (e instanceof ArmError || !failure) throw e;
    throw failure;
  }
}

/** The permanent failure of an operation that ended unsuccessfully, or undefined while it has not. */
export function unsuccessfulOperation(poller: PollerLike, body?: OperationErrorBody): ArmError | undefined {
  const state = poller.operationState;
  if (state?.status !== 'failed' && state?.status !== 'canceled') return undefined;
  const canceled = state.status === 'canceled';
  const code =
    typeof body?.code === 'string' ? body.code : canceled ? 'OperationCanceled' : 'OperationFailed';
  const message =
    typeof body?.message === 'string'
      ? body.message
      : (state.error?.message ?? (canceled ? 'The operation was canceled.' : 'The operation failed.'));
  return new ArmError(200, code, message, 'never');
}

function parseObject(text: string | null | undefined): Record<string, unknown> | undefined {
  if (!text) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
