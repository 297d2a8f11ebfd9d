import type { MessagePort } from 'node:worker_threads';
import { KpiCategory } from '@ledger/domain';
import { KpiEvent, KpiNumber, KpiSnapshot, PlainFacts, PlainView, ReplayRequest } from '@ledger/kpis';
import { factsFromPlain, replayKpis, viewFromPlain } from '@ledger/kpis';
import {
  MonthsTask,
  Portfolio,
  PortfolioPart,
  SeriesPoint,
  SeriesTask,
  monthTable,
  portfolioOf,
  seriesPoints,
} from './kpi-tasks';

/**
 * The entry of a KPI worker thread (piscina loads it, one named export per kind of task). Each task
 * arrives as plain data (plain.ts), is revived, and runs the same pure code as the event loop would.
 */

export interface ReplayMessage {
  readonly events: readonly KpiEvent[];
  readonly request: ReplayRequest;
}

export function replay(task: ReplayMessage): KpiSnapshot {
  return replayKpis(task.events, task.request);
}

export interface SeriesMessage {
  readonly facts: PlainFacts;
  readonly task: SeriesTask;
}

export function series(message: SeriesMessage): SeriesPoint[] {
  return seriesPoints(factsFromPlain(message.facts), message.task);
}

export interface MonthsMessage {
  readonly facts: PlainFacts;
  readonly task: MonthsTask;
}

export function months(message: MonthsMessage): KpiNumber[][] {
  return monthTable(factsFromPlain(message.facts), message.task);
}

/** What the event loop posts on a portfolio's port: one part per message, then `done`. */
export type PortfolioMessage = { readonly part: PlainPart } | { readonly done: true };
type PlainPart = Omit<PortfolioPart, 'view'> & { readonly view: PlainView };

export interface PortfolioTask {
  readonly port: MessagePort;
  readonly asOf: string;
  readonly categories?: readonly KpiCategory[];
}

/**
 * A portfolio's parts come one message each on their own port, so the event loop copies one partnership's
 * view at a time (a bounded pause) rather than all of them in one call. The port closing before `done`
 * means the request gave up: the task fails without computing.
 */
export function portfolio(task: PortfolioTask): Promise<Portfolio> {
  const parts: PortfolioPart[] = [];
  return new Promise((resolve, reject) => {
    const gaveUp = () =>
      reject(new Error('the portfolio request closed its port before its last partnership'));
    task.port.on('close', gaveUp);
    task.port.on('message', (message: PortfolioMessage) => {
      if ('part' in message) {
        parts.push({ ...message.part, view: viewFromPlain(message.part.view) });
        return;
      }
      task.port.off('close', gaveUp);
      task.port.close();
      try {
        resolve(portfolioOf(parts, task.asOf, task.categories));
      } catch (error) {
        reject(error);
      }
    });
  });
}
