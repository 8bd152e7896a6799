import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { cruise, type IViolation } from 'dependency-cruiser';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** The layers, cycles and declared packages of `.dependency-cruiser.cjs`, over everything the repo runs. */
async function violations(): Promise<string[]> {
  const { default: config } = (await import(join(root, '.dependency-cruiser.cjs'))) as {
    default: { forbidden: unknown[]; options: Record<string, unknown> };
  };
  const previous = process.cwd();
  process.chdir(root); // the tool resolves paths and package.json from the working directory
  try {
    const result = await cruise(['src', 'dev', 'test', 'bench'], {
      ...config.options,
      validate: true,
      ruleSet: { forbidden: config.forbidden },
      outputType: 'json',
    } as Parameters<typeof cruise>[1]);
    const output =
      typeof result.output === 'string' ? (JSON.parse(result.output) as typeof result.output) : result.output;
    const found = (output as { summary: { violations: IViolation[] } }).summary.violations;
    return found.map(
      (v) =>
        `${v.rule.name}: ${v.from} → ${v.to}${v.cycle ? ` (${v.cycle.map((c) => c.name).join(' → ')})` : ''}`,
    );
  } finally {
    process.chdir(previous);
  }
}

describe('dependency rules', () => {
  it('keeps every boundary of the layout, with no cycle and no undeclared package (dependency-cruiser)', async () => {
    expect(await violations()).toEqual([]);
  }, 60_000);

  it('keeps process.env and Date.now out of src/core', () => {
    const offending = sourceFiles(join(root, 'src/core')).filter((file) =>
      /process\.env|Date\.now\(|new Date\(\)/.test(readFileSync(file, 'utf8')),
    );
    expect(offending.map((f) => relative(root, f))).toEqual([]);
  });
});
