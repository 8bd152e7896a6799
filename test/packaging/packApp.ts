// Builds the deployment package the way `azd deploy` does for this app (local build): `npm run build`,
// then every project file .funcignore keeps, with the production dependency tree only.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { type IgnoreRules, parseIgnoreRules } from './ignoreRules.js';

export const repoRoot = join(import.meta.dirname, '..', '..');

const toPosix = (path: string) => path.split(sep).join('/');

/** Compiles src (and dev, as tsconfig.build.json says) into `outDir`, as `npm run build` does into dist. */
function build(outDir: string): void {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  try {
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', outDir], {
      cwd: repoRoot,
      stdio: 'pipe',
    });
  } catch (e) {
    // Type errors are the typecheck step's to report; tsc still emits, and the package is what matters here.
    if (!existsSync(join(outDir, 'src', 'index.js'))) throw e;
  }
}

/** Production packages (node_modules/...), from npm's own view of the tree. */
function productionPackages(): string[] {
  const out = execFileSync('npm', ['ls', '--omit=dev', '--all', '--parseable'], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  return out
    .split('\n')
    .filter((line) => line.startsWith(repoRoot) && line !== repoRoot)
    .map((line) => toPosix(relative(repoRoot, line)));
}

/** A hard link where the file system allows (fast, and a real path inside the package), else a copy. */
function place(source: string, target: string): void {
  try {
    linkSync(source, target);
  } catch {
    copyFileSync(source, target);
  }
}

/** Copies `from` (a directory whose package path is `as`) into the package, file by file through the rules. */
function copyKept(from: string, as: string, packageDir: string, rules: IgnoreRules, skip: Set<string>) {
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const path = as ? `${as}/${entry.name}` : entry.name;
    if (skip.has(path) || rules.ignores(path, entry.isDirectory())) continue;
    const source = join(from, entry.name);
    if (entry.isDirectory()) copyKept(source, path, packageDir, rules, skip);
    else {
      mkdirSync(dirname(join(packageDir, path)), { recursive: true });
      place(source, join(packageDir, path));
    }
  }
}

/** Writes the package into `workDir/package` and returns its path. */
export function packApp(workDir: string): string {
  const rules = parseIgnoreRules(readFileSync(join(repoRoot, '.funcignore'), 'utf8'));
  const packageDir = join(workDir, 'package');
  const built = join(workDir, 'built');
  build(join(built, 'dist'));
  // The working tree's own dist and node_modules are replaced by a fresh build and the production tree.
  copyKept(repoRoot, '', packageDir, rules, new Set(['node_modules', 'dist']));
  copyKept(built, '', packageDir, rules, new Set());
  for (const pkg of productionPackages())
    // Nested node_modules hold packages npm lists on their own lines (dev-only ones are not listed).
    copyKept(join(repoRoot, pkg), pkg, packageDir, rules, new Set([`${pkg}/node_modules`]));
  return packageDir;
}
