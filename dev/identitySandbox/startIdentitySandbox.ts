import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TokenAuthority } from '../sandboxTokens.js';
import { answerTokenRequest, type SandboxIdentities } from './answerTokenRequest.js';

export interface IdentitySandboxOptions {
  authority: TokenAuthority;
  identities: SandboxIdentities;
  tenantId: string;
  identityHeader?: string;
  port?: number;
}

export interface IdentityRequestRecord {
  at: string;
  resource?: string;
  /** The `client_id` the caller asked for; absent for the system-assigned identity. */
  clientId?: string;
  miResId?: string;
  headerOk: boolean;
  status: number;
}

/** The App Service managed-identity endpoint (`IDENTITY_ENDPOINT` / `IDENTITY_HEADER`) on loopback http. */
export interface IdentitySandbox {
  endpoint: string;
  identityHeader: string;
  requests: IdentityRequestRecord[];
  /** While set, every token request is answered with this error, as a broken endpoint would. */
  outage?: { status: number; error: string; description: string } | undefined;
  close(): Promise<void>;
}

const tokenPath = '/msi/token';

export async function startIdentitySandbox(options: IdentitySandboxOptions): Promise<IdentitySandbox> {
  const identityHeader = options.identityHeader ?? randomUUID();
  const setup = { ...options, identityHeader };
  const requests: IdentityRequestRecord[] = [];
  const sandbox: IdentitySandbox = { endpoint: '', identityHeader, requests, close: () => closeServer() };
  const server = createServer((req, res) => {
    // Parse only the query: the path is matched as text, never as a URL with a host.
    const [path = '', search = ''] = (req.url ?? '').split('?', 2);
    if (req.method !== 'GET' || path !== tokenPath) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'not_found' }));
      return;
    }
    const header = req.headers['x-identity-header'];
    const query = new URLSearchParams(search);
    const outage = sandbox.outage;
    const answer = outage
      ? {
          status: outage.status,
          headerOk: true,
          body: { error: outage.error, error_description: outage.description },
        }
      : answerTokenRequest(setup, { query, identityHeader: Array.isArray(header) ? header[0] : header });
    const clientId = query.get('client_id');
    const miResId = query.get('mi_res_id');
    requests.push({
      at: new Date().toISOString(),
      headerOk: answer.headerOk,
      status: answer.status,
      ...('resource' in answer && answer.resource !== undefined ? { resource: answer.resource } : {}),
      ...(clientId === null ? {} : { clientId }),
      ...(miResId === null ? {} : { miResId }),
    });
    res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  sandbox.endpoint = `http://127.0.0.1:${port}${tokenPath}`;
  return sandbox;

  function closeServer(): Promise<void> {
    return new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }
}
