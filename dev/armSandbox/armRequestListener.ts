import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorCodeOf, type ArmResponse } from './armResponse.js';
import { handleControl, type ControlTarget } from './controlEndpoints.js';
import { handleArmRequest, type Pipeline } from './handleArmRequest.js';
import { splitRequestTarget } from './requestPath.js';
import type { ArmLogEntry } from './types.js';

export interface ListenerSetup {
  pipeline: Pipeline;
  control: ControlTarget;
  log: ArmLogEntry[];
  nextSeq(): number;
  /** Awaited between a write taking effect and its answer. */
  afterWrite?: (write: { method: string; path: string }) => Promise<void>;
  /** Awaited before a read is answered. */
  afterRead?: () => Promise<void>;
}

/** The HTTP side: reads the request, routes control calls aside, answers and logs everything else. */
export function createArmRequestListener(setup: ListenerSetup) {
  return (req: IncomingMessage, res: ServerResponse) => {
    void readBody(req).then(async (raw) => {
      const { path, query } = splitRequestTarget(req.url ?? '/');
      const { body, bodyError } = parseBody(raw);
      const method = (req.method ?? 'GET').toUpperCase();
      if (path.toLowerCase().startsWith('/_sandbox/')) {
        send(res, req, handleControl(setup.control, method, path, body, req.socket.remoteAddress));
        return;
      }
      const header = req.headers.authorization;
      const { response, callerOid } = safely(() =>
        handleArmRequest(setup.pipeline, {
          method,
          path,
          query,
          body,
          ...(bodyError ? { bodyError } : {}),
          ...(header ? { authorization: header } : {}),
        }),
      );
      if (method !== 'GET' && setup.afterWrite) await setup.afterWrite({ method, path });
      if (method === 'GET' && setup.afterRead) await setup.afterRead();
      // A reset answers nothing: the client sees ECONNRESET whether or not the change was made.
      const responseHeaders = response.resetConnection
        ? (req.socket.destroy(), {})
        : send(res, req, response);
      const errorCode = errorCodeOf(response);
      const apiVersion = query['api-version'];
      setup.log.push({
        seq: setup.nextSeq(),
        at: new Date().toISOString(),
        method,
        path,
        query,
        ...(apiVersion ? { apiVersion } : {}),
        ...(raw ? { body: body ?? raw } : {}),
        status: response.status,
        ...(errorCode ? { errorCode } : {}),
        responseHeaders,
        ...(callerOid ? { callerOid } : {}),
        ...(response.resetConnection ? { connectionReset: true } : {}),
      });
    });
  };
}

function safely(run: () => { response: ArmResponse; callerOid?: string }) {
  try {
    return run();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      response: {
        status: 500,
        body: { error: { code: 'InternalServerError', message: `Sandbox bug: ${message}` } },
      },
    };
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseBody(raw: string): { body: unknown; bodyError?: string } {
  if (raw.trim() === '') return { body: undefined };
  try {
    return { body: JSON.parse(raw) as unknown };
  } catch (error) {
    return { body: undefined, bodyError: error instanceof Error ? error.message : 'not JSON' };
  }
}

/** Writes the response with the headers ARM puts on every answer; returns the headers sent. */
function send(res: ServerResponse, req: IncomingMessage, response: ArmResponse): Record<string, string> {
  const correlation = req.headers['x-ms-correlation-request-id'];
  const headers: Record<string, string> = {
    'x-ms-request-id': randomUUID(),
    'x-ms-correlation-request-id': typeof correlation === 'string' ? correlation : randomUUID(),
    ...(response.body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }),
    ...response.headers,
  };
  res.writeHead(response.status, headers);
  res.end(response.body === undefined ? undefined : JSON.stringify(response.body));
  return headers;
}
