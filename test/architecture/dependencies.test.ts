import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Every import of a file, relative ones resolved to a path from the repository root. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [
    ...text.matchAll(/^\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]/gm),
  ].map((m) => {
    const spec = (m[1] ?? m[2]) as string;
    return spec.startsWith('.') ? relative(root, resolve(dirname(file), spec)).replace(/\.js$/, '.ts') : spec;
  });
}

describe('dependency rules', () => {
  it('keeps src/core free of Azure, adapters, functions and the environment', () => {
    const offending = sourceFiles(join(root, 'src/core')).flatMap((file) =>
      importsOf(file)
        .filter((spec) => !(spec.startsWith('src/core/') || spec === 'zod' || spec === 'node:crypto'))
        .map((spec) => `${relative(root, file)} imports ${spec}`),
    );
    expect(offending).toEqual([]);
  });

  it('keeps process.env and Date.now out of src/core', () => {
    const offending = sourceFiles(join(root, 'src/core')).filter((file) =>
      /process\.env|Date\.now\(|new Date\(\)/.test(readFileSync(file, 'utf8')),
    );
    expect(offending.map((f) => relative(root, f))).toEqual([]);
  });

  it('lets functions reach adapters only through wiring, except the message contracts they parse', () => {
    const contracts = ['queueNames', 'nudgeMessage', 'decodeBody'].map(
      (n) => `src/adapters/serviceBus/${n}.ts`,
    );
    const offending = sourceFiles(join(root, 'src/functions')).flatMap((file) =>
      importsOf(file)
        .filter(
          (spec) =>
            (spec.startsWith('src/adapters/') && !contracts.includes(spec)) ||
            /^@azure\/(arm-|data-tables|service-bus|identity)/.test(spec),
        )
        .map((spec) => `${relative(root, file)} imports ${spec}`),
    );
    expect(offending).toEqual([]);
  });

  it('keeps adapters independent of functions and of the local host', () => {
    const offending = sourceFiles(join(root, 'src/adapters')).flatMap((file) =>
      importsOf(file)
        .filter(
          (spec) => spec.startsWith('src/functions/') || spec.startsWith('dev/') || spec === 'src/wiring.ts',
        )
        .map((spec) => `${relative(root, file)} imports ${spec}`),
    );
    expect(offending).toEqual([]);
  });
});
