import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

/** Packages that hold process-wide registries: a second copy registers in one and is looked up in the other. */
const SINGLETONS = ['@azure/functions', '@azure/functions-extensions-base'];

/** Every package directory under `dir`, nested node_modules included. */
function packageDirs(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    if (name.startsWith('.')) return [];
    const path = join(dir, name);
    if (name.startsWith('@')) return packageDirs(path);
    return [path, ...packageDirs(join(path, 'node_modules'))];
  });
}

function packageName(dir: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string }).name;
  } catch {
    return undefined; // not a package (a stray folder or a broken link)
  }
}

describe('installed packages', () => {
  it('holds one copy each of @azure/functions and @azure/functions-extensions-base', () => {
    const copies = new Map<string, string[]>(SINGLETONS.map((name) => [name, []]));
    for (const dir of packageDirs(join(root, 'node_modules'))) {
      const name = packageName(dir);
      if (name && copies.has(name)) copies.get(name)?.push(relative(root, dir));
    }
    expect(Object.fromEntries(copies)).toEqual({
      '@azure/functions': ['node_modules/@azure/functions'],
      '@azure/functions-extensions-base': ['node_modules/@azure/functions-extensions-base'],
    });
  });
});
