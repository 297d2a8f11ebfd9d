/**
 * The KPI catalogue of KPIS.md as data: the one place that names every KPI. Targets (`target.set`)
 * may only name these ids; the read models and the catalogue endpoint list exactly these.
 */
export const KPI_CATEGORIES = [
  'financial',
  'performance',
  'operational',
  'productivity',
  'customer',
  'innovation',
  'expansion',
  'relationship',
  'impact',
] as const;
export type KpiCategory = (typeof KPI_CATEGORIES)[number];

export type KpiUnit =
  | 'money'
  | '%'
  | 'count'
  | 'days'
  | 'hours'
  | 'money/day'
  | 'score'
  | '1-5'
  | 'pp'
  | 'per week'
  | 'per 30 days'
  | 'as recorded'
  | '0-100';

export interface KpiDefinition {
  readonly kpiId: string;
  readonly category: KpiCategory;
  readonly name: string;
  readonly formula: string;
  readonly unit: KpiUnit;
  readonly direction: 'higher_is_better' | 'lower_is_better';
  readonly benchmark?: string;
  /** The event types the KPI is computed from. */
  readonly source: readonly string[];
}

type Row = [string, KpiCategory, string, string, KpiUnit, 'higher' | 'lower', string | undefined, string];

// kpiId, category, name, formula, unit, direction, benchmark, source event types
const ROWS: readonly Row[] = [
  ['joint_revenue', 'financial', 'Joint revenue', 'Σ amount of deal.won of partner deals; breakdown by registeredBy org and by sourced/influenced', 'money', 'higher', undefined, 'deal.registered deal.won'],
  ['revenue_growth_rate', 'financial', 'Revenue growth rate', '(joint revenue this quarter − last quarter) / last quarter × 100', '%', 'higher', undefined, 'deal.registered deal.won'],
  ['partner_revenue_share', 'financial', 'Partner revenue share', 'joint revenue of the period / revenue.reported totalRevenue of that period × 100', '%', 'higher', '25–50 % for top performers', 'deal.registered deal.won revenue.reported'],
  ['avg_deal_size', 'financial', 'Average deal size', 'mean won amount, breakdown partner vs direct', 'money', 'higher', undefined, 'deal.registered deal.won'],
  ['program_costs', 'financial', 'Program costs', 'Σ cost.incurred amount, breakdown by category', 'money', 'lower', undefined, 'cost.incurred'],
  ['roi', 'financial', 'Return on investment', '(joint revenue − program costs) / program costs × 100', '%', 'higher', undefined, 'deal.registered deal.won cost.incurred'],
  ['cost_savings', 'financial', 'Cost savings', 'Σ cost.saved amount', 'money', 'higher', undefined, 'cost.saved'],
  ['cac_partner', 'financial', 'Customer acquisition cost via partner', 'program costs / customers acquired via partner', 'money', 'lower', undefined, 'cost.incurred customer.acquired'],
  ['cac_direct', 'financial', 'Customer acquisition cost, direct', 'the baseline of the latest target.set {kpiId: "cac_direct"}; null without it', 'money', 'lower', undefined, 'target.set'],
  ['cac_reduction', 'financial', 'CAC reduction', '(cac_direct − cac_partner) / cac_direct × 100', '%', 'higher', '72 % of companies see lower CAC via partners', 'cost.incurred customer.acquired target.set'],
  ['qualified_leads', 'performance', 'Qualified leads', 'count of lead.generated with qualified = true, channel partner', 'count', 'higher', undefined, 'lead.generated'],
  ['conversion_rate', 'performance', 'Lead conversion rate', 'converted / generated leads × 100, breakdown partner vs direct', '%', 'higher', undefined, 'lead.generated lead.converted'],
  ['sales_cycle_days', 'performance', 'Sales cycle', 'mean days from deal.registered occurredAt to deal.won occurredAt, breakdown partner vs direct', 'days', 'lower', 'partner deals close 46 % faster', 'deal.registered deal.won'],
  ['win_rate', 'performance', 'Win rate', 'won / (won + lost) × 100, breakdown partner vs direct', '%', 'higher', 'partner deals 53 % more likely to close', 'deal.registered deal.won deal.lost'],
  ['pipeline_value', 'performance', 'Pipeline value', 'Σ amount of open (registered, not won/lost) partner deals', 'money', 'higher', undefined, 'deal.registered deal.won deal.lost'],
  ['pipeline_velocity', 'performance', 'Pipeline velocity', 'open partner deals × win rate × avg deal size / sales cycle days', 'money/day', 'higher', undefined, 'deal.registered deal.won deal.lost'],
  ['customer_acquisition', 'performance', 'Customer acquisition', 'count of customer.acquired via partner in the period', 'count', 'higher', undefined, 'customer.acquired'],
  ['milestone_on_time_rate', 'operational', 'Milestones on time', 'milestones hit on or before dueDate / milestones due (dueDate ≤ asOf) × 100', '%', 'higher', undefined, 'milestone.planned milestone.hit'],
  ['milestone_slip_days', 'operational', 'Milestone slip', 'mean days late of milestones hit after dueDate', 'days', 'lower', undefined, 'milestone.planned milestone.hit'],
  ['overdue_milestones', 'operational', 'Overdue milestones', 'planned, not hit, dueDate < asOf', 'count', 'lower', undefined, 'milestone.planned milestone.hit'],
  ['escalation_response_hours', 'operational', 'Escalation response time', 'mean hours raised → acknowledged', 'hours', 'lower', undefined, 'escalation.raised escalation.acknowledged'],
  ['escalation_resolution_hours', 'operational', 'Escalation resolution time', 'mean hours raised → resolved', 'hours', 'lower', undefined, 'escalation.raised escalation.resolved'],
  ['open_escalations', 'operational', 'Open escalations', 'raised, not resolved; breakdown by severity', 'count', 'lower', undefined, 'escalation.raised escalation.resolved'],
  ['uptime', 'operational', 'Uptime', 'latest uptime.reported uptimePct', '%', 'higher', undefined, 'uptime.reported'],
  ['resource_utilization', 'productivity', 'Resource utilization', 'Σ utilized hours / Σ allocated hours × 100', '%', 'higher', undefined, 'resource.allocated resource.utilized'],
  ['deals_closed', 'productivity', 'Deals closed', 'count of won partner deals in the period', 'count', 'higher', undefined, 'deal.registered deal.won'],
  ['joint_activities', 'productivity', 'Joint activities', 'count of engagement.logged + solution.launched in the period', 'count', 'higher', undefined, 'engagement.logged solution.launched'],
  ['cycle_time_reduction', 'productivity', 'Cycle time reduction', '(baseline of sales_cycle_days − sales_cycle_days partner) / baseline × 100', '%', 'higher', undefined, 'deal.registered deal.won target.set'],
  ['customer_nps', 'customer', 'Customer NPS', '% promoters (9–10) − % detractors (0–6) of survey.answered respondent customer, metric nps', 'score', 'higher', undefined, 'survey.answered'],
  ['customer_csat', 'customer', 'Customer satisfaction', 'mean csat score of customers', '1-5', 'higher', undefined, 'survey.answered'],
  ['referrals', 'customer', 'Referrals', 'count of customer.referred', 'count', 'higher', undefined, 'customer.referred'],
  ['churn_rate', 'customer', 'Churn rate', 'churned / acquired customers × 100', '%', 'lower', undefined, 'customer.acquired customer.churned'],
  ['solutions_launched', 'innovation', 'Solutions launched', 'count of solution.launched', 'count', 'higher', '2+ a year for strategic partners', 'solution.launched'],
  ['time_to_market_days', 'innovation', 'Time to market', 'mean days conceivedAt → launchedAt', 'days', 'lower', undefined, 'solution.launched'],
  ['ip_filed', 'innovation', 'IP filed', 'count of ip.filed, breakdown by kind', 'count', 'higher', undefined, 'ip.filed'],
  ['markets_entered', 'expansion', 'Markets entered', 'count of market.entered, breakdown by dimension', 'count', 'higher', undefined, 'market.entered'],
  ['market_share_change', 'expansion', 'Market share change', 'per market: latest sharePct − first sharePct', 'pp', 'higher', undefined, 'market_share.reported'],
  ['brand_awareness_change', 'expansion', 'Brand awareness change', 'latest − first mean brand_awareness score per quarter', 'pp', 'higher', undefined, 'survey.answered'],
  ['partner_nps', 'relationship', 'Partner NPS', 'NPS of survey.answered respondent partner, metric nps', 'score', 'higher', '50+', 'survey.answered'],
  ['mutual_value', 'relationship', 'Mutual value', 'mean mutual_value score, breakdown by respondent org', '1-5', 'higher', undefined, 'survey.answered'],
  ['longevity_days', 'relationship', 'Longevity', 'days from startedAt to asOf (or endedAt)', 'days', 'higher', '2+ years (730 days)', 'partnership.formed partnership.ended'],
  ['engagement_rate', 'relationship', 'Engagement rate', 'engagement.logged per week over the last 12 weeks', 'per week', 'higher', 'weekly (≥ 1)', 'engagement.logged'],
  ['escalation_frequency', 'relationship', 'Escalation frequency', 'escalations raised per 30 days over the last 90 days', 'per 30 days', 'lower', undefined, 'escalation.raised'],
  ['health_score', 'relationship', 'Partnership health', 'mean over categories with targeted KPIs of the share of targeted KPIs on track × 100', '0-100', 'higher', undefined, 'target.set'],
  ['impact_total', 'impact', 'Impact', 'Σ value of impact.recorded, per dimension + metric + unit', 'as recorded', 'higher', undefined, 'impact.recorded'],
];

export const KPI_CATALOGUE: readonly KpiDefinition[] = ROWS.map(
  ([kpiId, category, name, formula, unit, direction, benchmark, source]) => ({
    kpiId,
    category,
    name,
    formula,
    unit,
    direction: direction === 'higher' ? 'higher_is_better' : 'lower_is_better',
    ...(benchmark ? { benchmark } : {}),
    source: source.split(' '),
  }),
);

export const KPI_IDS: readonly string[] = KPI_CATALOGUE.map((k) => k.kpiId);
