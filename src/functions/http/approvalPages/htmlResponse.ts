import type { HttpResponseInit } from '@azure/functions';
import type { Html } from './html.js';
import { PAGE_HEADERS } from './pageHeaders.js';

/** A page as an HTTP answer, with the pages' security headers. */
export const htmlResponse = (
  status: number,
  page: Html,
  headers: Record<string, string> = {},
): HttpResponseInit => ({
  status,
  headers: { ...PAGE_HEADERS, ...headers },
  body: page.toString(),
});
