import 'reflect-metadata';
import { runRotation } from './ledger/rotation/command';

/**
 * `npm run rotate-signing-key -- [--new-key FILE] [--out FILE] [--old-key-lost]`: built with the API,
 * run with its configuration, against its database (ledger/rotation/command.ts says how).
 */
runRotation(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
