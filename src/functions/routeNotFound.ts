import type { HttpHandler, HttpMethod } from '@azure/functions';
import { problemResponse } from './http/problem.js';
import { registerFunction } from './registry.js';

const ALL_METHODS: HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

/** Any /api path no other function serves: a problem, not the host's empty 404. Anonymous: it names nothing. */
export const routeNotFoundHandler: HttpHandler = async () =>
  problemResponse({ status: 404, code: 'notFound', title: 'Not found', detail: 'no such route' });

// The lowest precedence of all: ASP.NET routing prefers every literal or parameter route to a catch-all.
registerFunction({
  kind: 'http',
  name: 'routeNotFound',
  methods: ALL_METHODS,
  route: '{*path}',
  handler: routeNotFoundHandler,
});
