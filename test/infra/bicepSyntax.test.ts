import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type BicepFile,
  bicepPaths,
  infraDir,
  loadBicep,
  modules,
  outputs,
  parameters,
  parseBicep,
  properties,
  syntaxProblems,
  targetScope,
} from './bicepTree.js';

const paths = bicepPaths();

describe('Bicep syntax (tree-sitter-bicep)', () => {
  it('covers main.bicep and every module', () => {
    expect(paths.map((p) => basename(p))).toEqual([
      'main.bicep',
      'dataPlaneRoles.bicep',
      'easyAuth.bicep',
      'functionApp.bicep',
      'identity.bicep',
      'identityOperator.bicep',
      'identityWriterRole.bicep',
      'monitoring.bicep',
      'serviceBus.bicep',
      'storage.bicep',
      'targetScopeRoles.bicep',
    ]);
  });

  it.each(paths.map((p) => [basename(p), p]))('%s has no ERROR or MISSING node', async (_name, path) => {
    expect(syntaxProblems(await loadBicep(path))).toEqual([]);
  });

  it('names the file, line and column of a syntax error', async () => {
    const unclosed = await parseBicep("param a string\nvar b = {\n  c: 'd'\n", 'broken.bicep');
    expect(syntaxProblems(unclosed)).toEqual(['broken.bicep:3:9 missing }']);
    const stray = await parseBicep("resource x 'A/b@1' = {\n  c: 'd' e\n}\n", 'stray.bicep');
    expect(syntaxProblems(stray)).toEqual(['stray.bicep:2:10 syntax error near "e"']);
  });
});

describe('main.bicep wires its modules consistently', () => {
  it('deploys at subscription scope; the custom role module too, every other module at a resource group', async () => {
    const scopes = Object.fromEntries(
      await Promise.all(paths.map(async (p) => [basename(p), targetScope(await loadBicep(p))] as const)),
    );
    expect(scopes).toEqual({
      'main.bicep': 'subscription',
      'dataPlaneRoles.bicep': 'resourceGroup',
      'easyAuth.bicep': 'resourceGroup',
      'functionApp.bicep': 'resourceGroup',
      'identity.bicep': 'resourceGroup',
      'identityOperator.bicep': 'resourceGroup',
      'identityWriterRole.bicep': 'subscription',
      'monitoring.bicep': 'resourceGroup',
      'serviceBus.bicep': 'resourceGroup',
      'storage.bicep': 'resourceGroup',
      'targetScopeRoles.bicep': 'resourceGroup',
    });
  });

  it('passes every required parameter, no unknown one, and reads only outputs modules declare', async () => {
    const main = await loadBicep(join(infraDir, 'main.bicep'));
    const problems: string[] = [];
    const loaded = new Map<string, BicepFile>();
    for (const module of modules(main)) {
      const path = join(infraDir, module.path);
      if (!existsSync(path)) {
        problems.push(`${module.symbol}: ${module.path} does not exist`);
        continue;
      }
      const file = await loadBicep(path);
      loaded.set(module.symbol, file);
      const declared = parameters(file);
      const passed = [...properties(properties(module.body).get('params')!).keys()];
      for (const name of passed)
        if (!declared.has(name))
          problems.push(`${module.symbol} passes ${name}, which ${file.name} does not declare`);
      for (const [name, parameter] of declared)
        if (!parameter.defaultValue && !passed.includes(name))
          problems.push(`${module.symbol} does not pass the required ${name}`);
      if (module.path.includes('..')) problems.push(`${module.symbol}: modules live under infra/modules`);
    }
    for (const match of main.root.text.matchAll(/\b(\w+)\.outputs\.(\w+)/g)) {
      const [, symbol = '', output = ''] = match;
      const file = loaded.get(symbol);
      if (!file) problems.push(`${symbol}.outputs.${output}: ${symbol} is not a module`);
      else if (!outputs(file).has(output))
        problems.push(`${symbol}.outputs.${output}: ${file.name} has no such output`);
    }
    expect(problems).toEqual([]);
    expect([...loaded.keys()]).toEqual([
      'identity',
      'storage',
      'serviceBus',
      'monitoring',
      'dataPlaneRoles',
      'functionApp',
      'easyAuth',
      'identityWriterRole',
      'targetScopeRoles',
      'identityOperators',
    ]);
  });
});
