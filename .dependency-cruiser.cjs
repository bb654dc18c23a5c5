/**
 * Import rules, checked by `npm run lint` (dependency-cruiser). Type-only imports count: a cycle
 * through a type is still a cycle for the reader.
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import cycles in server, shared or web: move the shared piece to its own module.',
      from: { path: '^(server|shared|web)/src/' },
      to: { circular: true },
    },
    {
      name: 'feature-imports-public-parts-only',
      severity: 'error',
      comment:
        'A web feature imports only its own files, components/, api/, i18n/ and the public hook files of ' +
        'app/ (app/hooks.ts or app/*-hooks.ts): never another feature, the router or the providers. ' +
        'Move a piece two features need to components/.',
      from: { path: '^web/src/features/([^/]+)/' },
      to: {
        path: '^web/src/',
        pathNot: '^web/src/(features/$1/|components/|api/|i18n/|app/(hooks|[^/]*-hooks)[.]tsx?$)',
      },
    },
    {
      name: 'building-blocks-never-import-features',
      severity: 'error',
      comment: 'components/ and api/ are what features are built from: they never import a feature or app/.',
      from: { path: '^web/src/(components|api)/' },
      to: { path: '^web/src/(features|app)/' },
    },
    {
      name: 'constants-without-zod',
      severity: 'error',
      comment:
        '@vp/shared/constants (constants/, rules/, live-close.ts) is what the web app imports at runtime on ' +
        'its first route: it imports no zod and no schema module.',
      from: { path: '^shared/src/(constants/|rules/|live-close[.]ts$)', pathNot: '[.]test[.]ts$' },
      to: { pathNot: '^shared/src/(constants/|rules/|live-close[.]ts$)' },
    },
    {
      name: 'shared-stands-alone',
      severity: 'error',
      comment: 'shared/ is the contract: it never imports the server or the web app.',
      from: { path: '^shared/' },
      to: { path: '^(server|web)/' },
    },
    {
      name: 'server-and-web-apart',
      severity: 'error',
      comment:
        'The server and the web app meet only in shared/. Tests are exempt: the live client of the web ' +
        'app is tested against a real server.',
      from: { path: '^(server|web)/', pathNot: '[.]test[.]tsx?$' },
      to: { path: '^(server|web)/', pathNot: '^$1/' },
    },
    {
      name: 'no-test-code-in-production',
      severity: 'error',
      comment:
        'The image holds server/src without its tests: production code never imports test support, ' +
        'test runners or test-only packages.',
      from: { path: '^server/src/', pathNot: '[.]test[.]ts$' },
      to: { path: '^(server/test/|node_modules/(vitest|fast-check|smtp-server|mailparser|playwright-core)/)' },
    },
  ],
  options: {
    // node_modules stays in the graph (not followed), so a rule can forbid a package such as zod.
    includeOnly: '^(server|shared|web|node_modules)/',
    exclude: { path: '(^|/)dist/' },
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'],
    },
  },
}
