import { KpiNumber } from '../numbers';

/** A partnership as scoring sees it: its members, its start, and its whole figure of each KPI wanted. */
export interface PartnershipFigures {
  readonly partnershipId: string;
  readonly partnerOrgIds: readonly string[];
  /** Business time (ms) it started: from then on its orgs are partners, not prospects. */
  readonly startedAt: number;
  /** The partnership's value of each KPI the model names, at the instant scored (null: no data). */
  readonly kpis: Readonly<Record<string, KpiNumber>>;
}

export interface BreakdownEntry {
  readonly criterionId: string;
  /** x: the latest assessment, or the KPI over the org's partnerships (money as a decimal string). */
  readonly value: KpiNumber;
  /** clamp((x − min)/(max − min), 0, 1), half-up to 4 decimals; 0 when missing; null when left out. */
  readonly normalized: number | null;
  readonly weight: number;
}

export interface OrgScore {
  readonly orgId: string;
  /** 0–100, half-up to 2 decimals. */
  readonly score: number;
  /** The tier of the highest minScore ≤ score; null when every tier asks more. */
  readonly tier: string | null;
  readonly breakdown: readonly BreakdownEntry[];
  /** Criteria without a value, in the model's order. */
  readonly missing: readonly string[];
}

export interface PartnerScore extends OrgScore {
  /** The tier at the end of the previous quarter under the model in force then; null when not scored then. */
  readonly previousTier: string | null;
}

export interface ProgramScores {
  /** The number of scoring_model.set events known that occurred by the instant scored (0: none). */
  readonly modelVersion: number;
  readonly items: readonly OrgScore[];
}
