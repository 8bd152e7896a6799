import type { Server } from 'node:http';
import { type Browser, type BrowserContext, chromium } from 'playwright-core';
import { startLocalHttpServer } from '../../dev/localHttpServer.js';
import type { Caller } from '../../src/core/caller.js';
import { easyAuthHeaders } from './callers.js';
import type { TestBroker } from './testBroker.js';

/** Debian's Chromium, as `scripts/ensureChromium.sh` installs it (`CHROMIUM` moves both); playwright-core downloads none. */
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/**
 * One headless Chromium per test file. `launch` gives it a fresh, empty profile of its own (a temporary user
 * data directory Playwright removes on close); each caller gets a new context, so no cookie crosses callers.
 */
export const launchChromium = (): Promise<Browser> =>
  chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });

/**
 * A browser session of `caller`: Easy Auth's headers on every request the browser sends, to any origin, as
 * its session cookie would be sent (ambient credentials: what cross-site forgery abuses).
 */
export async function sessionOf(
  browser: Browser,
  caller: Caller,
  viewport = { width: 1280, height: 900 },
): Promise<BrowserContext> {
  const context = await browser.newContext({
    extraHTTPHeaders: easyAuthHeaders(caller),
    viewport,
    locale: 'en-GB',
  });
  // playwright-core waits for ever by default: a missing element should fail its step, not the whole test.
  context.setDefaultTimeout(10_000);
  return context;
}

/** The test broker's handlers served over real HTTP, as `npm start` serves them. */
export async function serveOverHttp(broker: TestBroker): Promise<{ url: string; close(): Promise<void> }> {
  const { url, server } = await startLocalHttpServer(broker.host, broker.bus, { port: 0 });
  return { url, close: () => closeServer(server) };
}

export const closeServer = (server: Server): Promise<void> =>
  new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });

export type { Browser, BrowserContext };
