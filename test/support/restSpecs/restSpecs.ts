import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Definitions } from './checkBody.js';

/** One operation of an extracted spec: how to recognise its requests and the schema of its body. */
export interface SpecOperation {
  operationId: string;
  method: string;
  /** A case-insensitive pattern for the request path. */
  path: string;
  body?: string;
  responses?: string[];
}

/** An extract of one published spec file (test/data/restSpecs), with where it came from. */
export interface RestSpec {
  file: string;
  source: { repo: string; path: string; commit: string };
  apiVersions: string[];
  operations: SpecOperation[];
  definitions: Definitions;
}

const folder = join(import.meta.dirname, '../../data/restSpecs');

export function loadRestSpecs(): RestSpec[] {
  return readdirSync(folder)
    .filter((f) => f.endsWith('.json'))
    .map((file) => ({
      file,
      ...(JSON.parse(readFileSync(join(folder, file), 'utf8')) as Omit<RestSpec, 'file'>),
    }));
}

/** The spec operations a request matches, by method and path. */
export function operationsFor(
  specs: RestSpec[],
  method: string,
  path: string,
): Array<{ spec: RestSpec; operation: SpecOperation }> {
  return specs.flatMap((spec) =>
    spec.operations
      .filter((op) => op.method === method && new RegExp(op.path, 'i').test(path))
      .map((operation) => ({ spec, operation })),
  );
}
