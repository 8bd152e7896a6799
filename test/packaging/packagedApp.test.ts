import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packApp, repoRoot } from './packApp.js';

/** Every `name: '...'` of a registerFunction({...}) call in src/functions: what the host must index. */
function functionNamesInSource(): string[] {
  const dir = join(repoRoot, 'src', 'functions');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && f !== 'registry.ts')
    .flatMap((f) => {
      const text = readFileSync(join(dir, f), 'utf8');
      return [...text.matchAll(/registerFunction\(\{[^}]*?\bname: '([^']+)'/g)].map((m) => m[1]!);
    })
    .sort();
}

// Loads the entry the host loads (package.json "main") in a fresh process with only the package on disk.
const loadScript = `
const { main } = JSON.parse((await import('node:fs')).readFileSync('package.json', 'utf8'));
await import('./' + main);
const { registeredFunctions } = await import('./dist/src/functions/registry.js');
console.log(JSON.stringify(registeredFunctions.map((f) => f.name)));
`;

describe('the deployment package', () => {
  let work: string;
  let packageDir: string;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'broker-package-'));
    packageDir = packApp(work);
  }, 60_000);

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('holds host.json, package.json and the entry, and no sources, tests, dev tooling or dev dependencies', () => {
    for (const path of ['host.json', 'package.json', 'dist/src/index.js', 'node_modules/@azure/functions'])
      expect(existsSync(join(packageDir, path)), path).toBe(true);
    for (const path of [
      'src',
      'test',
      'dev',
      'dist/dev',
      'infra',
      'docs',
      'node_modules/vitest',
      'node_modules/azurite',
    ])
      expect(existsSync(join(packageDir, path)), path).toBe(false);
  });

  it("keeps folders named like the project's own (src, dev, test, docs) inside node_modules", () => {
    const zodSrc = join('node_modules', 'zod', 'src');
    expect(existsSync(join(repoRoot, zodSrc))).toBe(true);
    expect(existsSync(join(packageDir, zodSrc))).toBe(true);
  });

  it('loads every function from the package alone, each registered once with the host', () => {
    const result = execFileSync(process.execPath, ['--input-type=module', '-e', loadScript], {
      cwd: packageDir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH ?? '' },
    });
    const names = (JSON.parse(result.trim().split('\n').at(-1)!) as string[]).sort();
    expect(names).toEqual(functionNamesInSource());
    expect(names.length).toBeGreaterThanOrEqual(11);
  });
});
