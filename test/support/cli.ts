import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './process';

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A node script of the checkout as its own process, as an operator or a partner runs it. */
function runScript(script: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(ROOT, script), ...args],
      { cwd: ROOT, env, timeout: 170_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** The auditor's CLI, `npx ledger …` (built when needed). */
export const ledgerCli = (args: string[]) => runScript('apps/ledger-cli/bin/ledger.mjs', args);

/** `npm run rotate-signing-key -- …` with the service's environment (built when needed). */
export const rotateSigningKey = (env: NodeJS.ProcessEnv, args: string[] = []) =>
  runScript('scripts/rotate-signing-key.mjs', args, env);
