// The boundaries of docs/DESIGN "Layout", checked by `test/architecture/dependencies.test.ts`:
// core knows nothing outside itself, functions reach adapters only through wiring, adapters know
// neither functions nor the local host, nothing deployed reaches dev/test/bench, no cycles, and
// every package imported is declared (runtime code in dependencies, the rest at least in devDependencies).
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'core-is-pure',
      comment: 'src/core imports only src/core, zod and node:crypto: no Azure SDK, no adapter, no Functions',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { pathNot: ['^src/core/', '(^|/)node_modules/zod/', '^crypto$'] },
    },
    {
      name: 'client-is-standalone',
      comment:
        'src/client is used by other services: it imports src/core, zod and node:crypto, and the Azure SDKs for types only',
      severity: 'error',
      from: { path: '^src/client/' },
      to: {
        pathNot: [
          '^src/client/',
          '^src/core/',
          '(^|/)node_modules/zod/',
          '(^|/)node_modules/@azure/(service-bus|identity)/',
          '^crypto$',
        ],
      },
    },
    {
      name: 'client-uses-azure-sdk-types-only',
      comment:
        'the caller brings its own sender, receiver, client and credential: the client loads no SDK code',
      severity: 'error',
      from: { path: '^src/client/' },
      to: { path: '(^|/)node_modules/@azure/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'functions-reach-adapters-through-wiring',
      comment:
        'function files parse, call the core and map; only the message contracts they parse are shared',
      severity: 'error',
      from: { path: '^src/functions/' },
      to: {
        path: ['^src/adapters/', '^node_modules/@azure/(arm-|data-tables|service-bus|identity)'],
        pathNot: '^src/adapters/serviceBus/(queueNames|nudgeMessage|noticeRetryMessage|decodeBody)\\.ts$',
      },
    },
    {
      name: 'adapters-know-no-callers',
      severity: 'error',
      from: { path: '^src/adapters/' },
      to: { path: ['^src/functions/', '^src/wiring\\.ts$', '^dev/'] },
    },
    {
      name: 'deployed-code-stays-deployed',
      comment: 'src is what is deployed: it never imports the local host, tests or benchmarks',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: ['^dev/', '^test/', '^bench/'] },
    },
    {
      name: 'runtime-uses-runtime-packages',
      comment: 'what src imports must be installed in production (dependencies, not devDependencies)',
      severity: 'error',
      from: { path: '^src/' },
      to: { dependencyTypes: ['npm-dev'] },
    },
    {
      name: 'no-undeclared-packages',
      comment: 'every package imported is in package.json (a transitive one may vanish on the next install)',
      severity: 'error',
      from: {},
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
    { name: 'no-unresolvable', severity: 'error', from: {}, to: { couldNotResolve: true } },
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Node built-ins are 'core' modules: allowed everywhere except where a rule above says otherwise.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.d.ts', '.js', '.mjs', '.cjs', '.json'],
    },
  },
};
