// Nest 12 ships ESM only; @swc/jest compiles our TypeScript and those packages to CommonJS.
// PGlite loads its WASM with a dynamic import(), hence `node --experimental-vm-modules` in package.json.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      keepClassNames: true,
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];

// @apidevtools/json-schema-ref-parser: swagger-parser's ESM-only dependency (the OpenAPI test validates with it).
const esmPackages = [
  '@nestjs',
  '@fastify/static',
  'content-disposition',
  'file-type',
  'strtok3',
  'token-types',
  '@tokenizer',
  'uint8array-extras',
  '@borewit',
  '@apidevtools/json-schema-ref-parser',
];

const common = {
  rootDir: __dirname,
  transform: { '^.+\\.(t|j|mj)s$': swc },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages.join('|')})/)`],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  moduleNameMapper: {
    '^@ledger/([a-z-]+)$': '<rootDir>/libs/$1/src',
    '^@ledger/([a-z-]+)/(.*)$': '<rootDir>/libs/$1/src/$2',
  },
  testEnvironment: 'node',
};

module.exports = {
  maxWorkers: 2,
  // The last line of every run says which suites ran on PostgreSQL and which did not.
  reporters: [
    'default',
    '<rootDir>/test/support/backends-reporter.cjs',
    '<rootDir>/test/support/browser-reporter.cjs',
  ],
  // Integration and end-to-end tests use real databases on a shared two-core machine.
  testTimeout: 30_000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: [
        '<rootDir>/libs/**/*.spec.ts',
        '<rootDir>/apps/**/*.spec.ts',
        '<rootDir>/test/golden/*.spec.ts',
        '<rootDir>/test/docs/*.spec.ts',
        '<rootDir>/test/dashboard/*.spec.ts',
      ],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/libs/**/*.int-spec.ts', '<rootDir>/apps/**/*.int-spec.ts'],
      slowTestThreshold: 30,
    },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'], slowTestThreshold: 30 },
    // The dashboard in Debian's Chromium; without one they are skipped under a title that says so, and the
    // run's last lines say it again (browser-reporter.cjs). CI sets LEDGER_REQUIRE_BROWSER=1.
    {
      ...common,
      displayName: 'browser',
      testMatch: ['<rootDir>/test/dashboard/*.browser-spec.ts'],
      slowTestThreshold: 60,
    },
  ],
};

/** Shared with jest.reliability.config.js. */
Object.defineProperty(module.exports, 'common', { value: common, enumerable: false });
