import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  dependencies: Record<string, string>;
};

describe('telemetry', () => {
  it("is the Functions host's own: no telemetry SDK on the request path (docs/operations.md says why)", () => {
    const sdks = Object.keys(pkg.dependencies).filter((name) =>
      /^(@opentelemetry\/|@azure\/monitor-|@azure\/functions-opentelemetry|applicationinsights$)/.test(name),
    );
    expect(sdks).toEqual([]);
  });
});
