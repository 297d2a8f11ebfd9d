import type { Me } from './api';
import { useEffect } from 'preact/hooks';
import { href, Location, Route } from './route';
import { KpiPage } from './pages/kpi';
import { PartnerRanking } from './pages/partner-ranking';
import { PartnershipPage } from './pages/partnership';
import { Partnerships } from './pages/partnerships';
import { Portfolio } from './pages/portfolio';

/** Roles that read the portfolio (GET /v1/kpis); partners see their own partnerships instead. */
export const seesPortfolio = (me: Me): boolean => me.role !== 'partner';

/** Roles that read the program's partner ranking (GET /v1/partner-scores: admin, governance, auditor). */
export const seesRanking = seesPortfolio;

/** The window's title names the view, so history, tabs and screen readers can tell them apart. */
function titleOf(route: Route): string {
  const view =
    route.page === 'kpi'
      ? `${route.kpiId} · ${route.id}`
      : route.page === 'partnership'
        ? `${route.tab} · ${route.id}`
        : route.page === 'portfolio'
          ? 'Portfolio'
          : route.page === 'partners'
            ? 'Partner ranking'
            : 'Partnerships';
  return `${view} — Partnership Ledger`;
}

export function Router({ me, location }: { me: Me; location: Location }) {
  const { route, clocks } = location;
  useEffect(() => {
    document.title = titleOf(route);
  }, [JSON.stringify(route)]);
  switch (route.page) {
    case 'home':
      if (seesPortfolio(me)) {
        window.location.replace(href({ page: 'portfolio' }, clocks));
        return null;
      }
      return <Partnerships clocks={clocks} />;
    case 'portfolio':
      return seesPortfolio(me) ? <Portfolio clocks={clocks} /> : <Partnerships clocks={clocks} />;
    case 'partners':
      return <PartnerRanking clocks={clocks} />;
    case 'partnership':
      return (
        <PartnershipPage me={me} id={route.id} tab={route.tab} clocks={clocks} disputeId={route.disputeId} />
      );
    case 'kpi':
      return <KpiPage id={route.id} kpiId={route.kpiId} clocks={clocks} />;
  }
}
