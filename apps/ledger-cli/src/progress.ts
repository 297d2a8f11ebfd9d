import { SingleBar } from 'cli-progress';

/** A progress bar on stderr for long work, silent when stderr is not a terminal (pipes, CI, tests). */
export function progress(label: string, total: number): { tick(n?: number): void; done(): void } {
  if (!process.stderr.isTTY || total <= 0) return { tick: () => undefined, done: () => undefined };
  const bar = new SingleBar({
    format: `${label} [{bar}] {percentage}% | {value}/{total}`,
    stream: process.stderr,
    hideCursor: true,
  });
  bar.start(total, 0);
  return { tick: (n = 1) => bar.increment(n), done: () => bar.stop() };
}
