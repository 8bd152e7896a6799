import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseIgnoreRules } from './ignoreRules.js';

const repoRoot = join(import.meta.dirname, '..', '..');
const funcignore = () => parseIgnoreRules(readFileSync(join(repoRoot, '.funcignore'), 'utf8'));

describe('gitignore rules (as azd reads .funcignore)', () => {
  it('matches a slash-less name at any depth and an anchored one only at the root', () => {
    const rules = parseIgnoreRules('src\n/docs\n');
    expect(rules.ignores('src/index.ts')).toBe(true);
    expect(rules.ignores('node_modules/zod/src/index.ts')).toBe(true);
    expect(rules.ignores('docs/deploy.md')).toBe(true);
    expect(rules.ignores('node_modules/pkg/docs/readme.md')).toBe(false);
  });

  it('re-includes with ! and never re-includes inside an excluded directory', () => {
    const rules = parseIgnoreRules('/*.ts\n!/keep.ts\n/dev\n!/dev/x.js\n');
    expect(rules.ignores('a.ts')).toBe(true);
    expect(rules.ignores('keep.ts')).toBe(false);
    expect(rules.ignores('dist/a.ts')).toBe(false);
    expect(rules.ignores('dev/x.js')).toBe(true);
  });

  it('treats ** as any depth and a trailing slash as directories only', () => {
    const rules = parseIgnoreRules('/dist/**/*.map\nlogs/\n');
    expect(rules.ignores('dist/src/index.js.map')).toBe(true);
    expect(rules.ignores('dist/src/index.js')).toBe(false);
    expect(rules.ignores('logs/a.txt')).toBe(true);
    expect(rules.ignores('logs', false)).toBe(false);
  });
});

describe('.funcignore', () => {
  it('leaves every file under node_modules in the package (patterns are anchored to the root)', () => {
    const rules = funcignore();
    for (const path of [
      'node_modules/zod/src/index.ts',
      'node_modules/@azure/core-rest-pipeline/dist/esm/index.js',
      'node_modules/some-package/dev/index.js',
      'node_modules/some-package/test/helper.js',
      'node_modules/some-package/docs/index.js',
      'node_modules/some-package/bench/index.js',
      'node_modules/some-package/infra/index.js',
      'node_modules/some-package/index.d.ts',
      'node_modules/some-package/README.md',
      'node_modules/some-package/tsconfig.json',
    ])
      expect(rules.ignores(path), path).toBe(false);
  });

  it('keeps what the host runs: host.json, package.json and the built app', () => {
    const rules = funcignore();
    for (const path of ['host.json', 'package.json', 'dist/src/index.js', 'dist/src/functions/health.js'])
      expect(rules.ignores(path), path).toBe(false);
  });

  it('drops sources, tests, dev tooling, docs, infra and local settings', () => {
    const rules = funcignore();
    for (const path of [
      'src/index.ts',
      'dev/start.ts',
      'test/infra/bicepTree.ts',
      'bench/run.ts',
      'docs/deploy.md',
      'infra/main.bicep',
      'dist/dev/start.js',
      'dist/bench/run.js',
      'dist/src/index.js.map',
      'local.settings.json',
      'local.settings.sample.json',
      'vitest.config.ts',
      'tsconfig.json',
      '.git/HEAD',
    ])
      expect(rules.ignores(path), path).toBe(true);
  });
});
