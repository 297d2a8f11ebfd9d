/**
 * Layering rules, checked by `npm run lint:layers` (part of `npm test`): the domain and verification
 * libraries stay pure (no framework, ORM, database driver or HTTP), libraries never reach into the app,
 * and nothing imports test support from production code.
 */
// Resolved paths: an npm import is matched by where it resolves to.
const FRAMEWORKS =
  'node_modules/(@nestjs|typeorm|pg|pg-pool|express|@electric-sql|@kurrent|nestjs-pino|pino|class-validator|class-transformer)/';

/** The API app's source folder: platform folders below, feature folders above. */
const APP = 'apps/ledger-api/src/';

module.exports = {
  forbidden: [
    {
      name: 'pure-domain',
      comment: 'libs/domain is pure: no framework, ORM, database or HTTP imports',
      severity: 'error',
      from: { path: '^libs/domain/' },
      to: { path: FRAMEWORKS },
    },
    {
      name: 'pure-verification',
      comment: 'libs/verification is pure: an auditor can run it with nothing but Node',
      severity: 'error',
      from: { path: '^libs/verification/' },
      to: { path: `${FRAMEWORKS}|^libs/(?!verification/)|^apps/` },
    },
    {
      name: 'pure-kpis',
      comment: 'libs/kpis is pure: the API, the projections and the offline auditor CLI share it',
      severity: 'error',
      from: { path: '^libs/kpis/' },
      to: { path: `${FRAMEWORKS}|^libs/event-store/|^apps/` },
    },
    {
      name: 'pure-projections',
      comment: 'libs/projections is a generic runner over ports: no framework, ORM or driver, no app',
      severity: 'error',
      from: { path: '^libs/projections/' },
      to: { path: `${FRAMEWORKS}|^libs/(?!projections/)|^apps/` },
    },
    {
      name: 'kpis-read-through-the-port',
      comment: 'KPI queries read the read model through the KpiFactsSource port, not the runner or its SQL',
      severity: 'error',
      from: { path: '^apps/ledger-api/src/kpis/' },
      to: { path: '^apps/ledger-api/src/(projections/|read-model/(?!kpi-facts-source\\.ts$))' },
    },
    {
      name: 'cli-stands-alone',
      comment: 'the auditor CLI needs only the pure libraries: an auditor runs it without the service',
      severity: 'error',
      from: { path: '^apps/ledger-cli/' },
      to: { path: `${FRAMEWORKS}|^apps/ledger-api/|^libs/event-store/` },
    },
    {
      name: 'kpi-worker-stays-light',
      comment:
        'a KPI worker thread loads only the pure libraries and its tasks: no Nest, no database, no app',
      severity: 'error',
      from: { path: '^apps/ledger-api/src/kpis/workers/kpi-(worker|tasks)\\.ts$' },
      to: {
        path: `${FRAMEWORKS}|node_modules/piscina/|^libs/event-store/|^apps/ledger-api/src/(?!kpis/workers/)`,
      },
    },
    {
      name: 'domain-stands-alone',
      severity: 'error',
      from: { path: '^libs/domain/' },
      to: { path: '^(libs/(?!domain/)|apps/)' },
    },
    {
      name: 'store-without-framework',
      comment: 'the event store is a library: no Nest, no TypeORM',
      severity: 'error',
      from: { path: '^libs/event-store/' },
      to: { path: 'node_modules/(@nestjs|typeorm)/|^apps/' },
    },
    {
      name: 'no-test-support-in-production',
      severity: 'error',
      from: { path: '^(apps|libs)/', pathNot: '(\\.spec\\.ts|-spec\\.ts|/testing/|/contract/)' },
      to: { path: '(/testing/|/contract/|^test/)' },
    },
    {
      name: 'platform-below-features',
      comment:
        "the app's platform folders (errors, configuration, OpenAPI, metrics) serve every feature and import none " +
        '(OpenAPI only the roles of auth/, which it documents): a feature states what the platform needs of it (a ProblemError, a decorator), never the reverse',
      severity: 'error',
      from: { path: `^${APP}(common|config|openapi|metrics)/` },
      to: { path: `^${APP}(?!(common|config|openapi|metrics|auth)/)[^/]+/` },
    },
    {
      name: 'dashboard-runs-in-the-browser',
      comment:
        'the dashboard is a browser bundle: its UI and chart libraries, and of ours only the pure pieces ' +
        'of libs/verification that need no Node (the RFC 9162 walk, canonical JSON, the leaf JSON); never Node or the API',
      severity: 'error',
      from: { path: '^apps/dashboard/' },
      to: {
        pathNot: [
          '^apps/dashboard/',
          'node_modules/(preact|uplot|canonicalize)/',
          '^libs/verification/src/(merkle/inclusion-walk|canonical-json|leaf-json)\\.ts$',
        ],
      },
    },
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    exclude: { path: '^dist/' },
  },
};
