// `npm run test:reliability`: the fault, load and abuse suite (RELIABILITY.md). It runs alone and one
// file at a time: its tests load the machine, kill processes and stop databases.
const { common } = require('./jest.config.js');

module.exports = {
  maxWorkers: 1,
  reporters: ['default', '<rootDir>/test/support/backends-reporter.cjs'],
  testTimeout: 600_000,
  projects: [
    { ...common, displayName: 'reliability', testMatch: ['<rootDir>/reliability/**/*.reliability-spec.ts'] },
  ],
};
