import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The service as users run it: `node scripts/start.mjs` (the `npm start` script, which builds when
 * needed) in a child process of its own, so a crash is a real crash.
 */
export const ROOT = projectRoot(__dirname);

/** The checkout's root, found upwards (this file also runs compiled, from dist-bench/, in the benchmarks). */
function projectRoot(from: string): string {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir))
    if (existsSync(join(dir, 'scripts', 'start.mjs'))) return dir;
  throw new Error(`no scripts/start.mjs above ${from}`);
}
export const START_TIMEOUT_MS = 180_000;

export interface Running {
  readonly child: ChildProcess;
  readonly url: string;
  /** The admin key printed at start (embedded mode without LEDGER_ADMIN_KEY), else undefined. */
  readonly printedAdminKey?: string;
  output(): string;
}

/**
 * Starts the service on a free port, or on `port` (a test of a port in use). `script` is what node runs:
 * `npm start`'s script, or an API already compiled elsewhere (a benchmark's dist-bench/, which leaves
 * dist/ to the tests running beside it).
 */
export function startService(
  env: NodeJS.ProcessEnv,
  port = 0,
  script = 'scripts/start.mjs',
): Promise<Running> {
  const child = spawn(process.execPath, [join(ROOT, script)], {
    cwd: ROOT,
    env: { ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no start within ${START_TIMEOUT_MS} ms:\n${out}`)),
      START_TIMEOUT_MS,
    );
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const url = /^ {2}API: +(http:\/\/\S+)/m.exec(out)?.[1];
      const adminKey = /^ {2}Admin key: +(\S+)/m.exec(out)?.[1];
      if (url && (adminKey || env.LEDGER_ADMIN_KEY)) {
        clearTimeout(timer);
        resolve({ child, url, ...(adminKey ? { printedAdminKey: adminKey } : {}), output: () => out });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    // 'close', not 'exit': by then everything the process wrote has been read.
    child.once('close', (code) => {
      clearTimeout(timer);
      // `stderr` alone, for tests of what an operator reads when the service refuses to start.
      reject(Object.assign(new Error(`exited with ${code}:\n${out}`), { code, out, stderr }));
    });
  });
}

/** SIGTERM, and the exit code. */
export function stopService(running: Running, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  return new Promise((resolve) => {
    running.child.removeAllListeners('exit');
    if (running.child.exitCode !== null || running.child.signalCode !== null)
      return resolve(running.child.exitCode);
    running.child.once('exit', (code) => resolve(code));
    running.child.kill(signal);
  });
}

export async function call(url: string, key: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    body: (text ? JSON.parse(text) : {}) as Record<string, unknown>,
  };
}

export function envWithout(...names: string[]): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of names) delete env[name];
  return env;
}
