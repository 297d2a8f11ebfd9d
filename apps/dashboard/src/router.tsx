import type { Me } from './api';
import { href, Location } from './route';
import { KpiPage } from './pages/kpi';
import { PartnershipPage } from './pages/partnership';
import { Partnerships } from './pages/partnerships';
import { Portfolio } from './pages/portfolio';

/** Roles that read the portfolio (GET /v1/kpis); partners see their own partnerships instead. */
export const seesPortfolio = (me: Me): boolean => me.role !== 'partner';

export function Router({ me, location }: { me: Me; location: Location }) {
  const { route, clocks } = location;
  switch (route.page) {
    case 'home':
      if (seesPortfolio(me)) {
        window.location.replace(href({ page: 'portfolio' }, clocks));
        return null;
      }
      return <Partnerships clocks={clocks} />;
    case 'portfolio':
      return seesPortfolio(me) ? <Portfolio clocks={clocks} /> : <Partnerships clocks={clocks} />;
    case 'partnership':
      return <PartnershipPage me={me} id={route.id} tab={route.tab} clocks={clocks} />;
    case 'kpi':
      return <KpiPage id={route.id} kpiId={route.kpiId} clocks={clocks} />;
  }
}
