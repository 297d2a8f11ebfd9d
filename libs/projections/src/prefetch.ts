import { EventSource, Positioned } from './ports';

/**
 * Reads ahead: after a full batch more are likely waiting, so the next read starts while the batch is
 * written, keeping the database and the fold busy at once.
 *
 * Guarantees: a read-ahead is used only for the very position it was started at, once; otherwise a
 * fresh read is made. Reading ahead changes nothing stored; a failed read fails the step that takes it.
 */
export class Prefetch<E extends Positioned> {
  private readonly ahead = new Map<string, { from: number; events: Promise<E[]> }>();

  constructor(private readonly source: EventSource<E>) {}

  read(key: string, fromPosition: number, limit: number): Promise<E[]> {
    const ahead = this.ahead.get(key);
    this.ahead.delete(key);
    return ahead?.from === fromPosition ? ahead.events : this.source.readAll({ fromPosition, limit });
  }

  start(key: string, fromPosition: number, limit: number): void {
    const events = this.source.readAll({ fromPosition, limit });
    // Observed now, rethrown where it is awaited: not reported as unhandled in between.
    events.catch(() => undefined);
    this.ahead.set(key, { from: fromPosition, events });
  }

  clear(): void {
    this.ahead.clear();
  }
}
