import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { ROOT } from './process';

/**
 * The public tools a client developer points at /docs-json, run as they would run them: the
 * validator in process, the linter, the generator and the compiler as the binaries npm installs.
 * Asynchronous throughout, because the ledger under test answers from this same process.
 */
export interface Ran {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function run(
  script: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<Ran> {
  return new Promise((resolve) => {
    const env = { ...process.env, ...options.env };
    execFile(
      process.execPath,
      [script, ...args],
      { cwd: options.cwd, env, timeout: 120_000, maxBuffer: 64 << 20 },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const bin = (path: string) => join(ROOT, 'node_modules', path);

/** A scratch directory that resolves this checkout's packages (the generated files never enter git). */
export function scratchDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-openapi-'));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

/** swagger-parser: the OpenAPI 3.0 schema, then its semantic checks; throws on the first problem. */
export async function validate(document: object): Promise<void> {
  await SwaggerParser.validate(structuredClone(document) as never);
}

export interface LintProblem {
  readonly ruleId: string;
  readonly severity: 'error' | 'warn';
  readonly message: string;
  readonly location: { pointer: string }[];
}

/** `redocly lint` with its recommended rules (no configuration file: the scratch directory has none). */
export async function lint(
  document: object,
  dir: string,
): Promise<{ errors: number; warnings: number; problems: LintProblem[] }> {
  writeFileSync(join(dir, 'openapi.json'), JSON.stringify(document, null, 2));
  const env = { REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' };
  const args = ['lint', '--format=json', '--extends=recommended', '--max-problems=1000', 'openapi.json'];
  const ran = await run(bin('@redocly/cli/bin/cli.js'), args, { cwd: dir, env });
  const report = parseJson(ran, 'redocly lint') as {
    totals: { errors: number; warnings: number };
    problems: LintProblem[];
  };
  return { ...report.totals, problems: report.problems };
}

/** openapi-typescript as its README runs it: the document in, a `.d.ts` (`paths`, `components`) out. */
export async function generateTypes(document: object, dir: string, out: string): Promise<string> {
  writeFileSync(join(dir, 'openapi.json'), JSON.stringify(document, null, 2));
  const ran = await run(bin('openapi-typescript/bin/cli.js'), ['openapi.json', '-o', out], { cwd: dir });
  if (ran.code !== 0) throw new Error(`openapi-typescript failed:\n${ran.stderr}`);
  return readFileSync(join(dir, out), 'utf8');
}

/** Copies the client program next to the generated types, as an ES module project compiled with --strict. */
export function writeClientProject(dir: string, program: string): void {
  cpSync(program, join(dir, 'main.ts'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module', private: true }));
  const compilerOptions = {
    strict: true,
    module: 'nodenext',
    moduleResolution: 'nodenext',
    target: 'es2022',
    lib: ['es2022', 'dom'],
    types: ['node'],
    outDir: 'out',
    skipLibCheck: false,
  };
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['main.ts'] }));
}

/** The repository's TypeScript compiler on the scratch project; `--pretty false`: a line per diagnostic. */
export function compile(dir: string, project = 'tsconfig.json'): Promise<Ran> {
  return run(bin('typescript/bin/tsc'), ['-p', project, '--pretty', 'false'], { cwd: dir });
}

function parseJson(ran: Ran, what: string): unknown {
  try {
    return JSON.parse(ran.stdout);
  } catch {
    throw new Error(`${what} did not answer JSON (exit ${ran.code}):\n${ran.stdout}\n${ran.stderr}`);
  }
}
