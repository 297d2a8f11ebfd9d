/**
 * Where the user is, all of it in the URL's hash so that every view can be bookmarked and shared:
 * `#/portfolio`, `#/p/:id`, `#/p/:id/kpi/:kpiId`, `#/p/:id/attribution`, `#/p/:id/charter`,
 * `#/p/:id/integrity`, `#/p/:id/quality`, `#/p/:id/scenarios`, `#/p/:id/disputes` and
 * `#/p/:id/disputes/:disputeId` (that dispute's thread opened), `#/partners` (the program's partner
 * ranking), each with the two clocks as `?asOf=&atPosition=` (the key never is).
 */
export interface Clocks {
  /** Business time, ISO-8601 UTC; absent = now. */
  readonly asOf?: string;
  /** Ledger time: the ledger as it stood after this position; absent = the head. */
  readonly atPosition?: number;
}

export type Tab = 'kpis' | 'attribution' | 'charter' | 'integrity' | 'quality' | 'disputes' | 'scenarios';

export type Route =
  | { readonly page: 'home' }
  | { readonly page: 'portfolio' }
  | { readonly page: 'partners' }
  | { readonly page: 'partnership'; readonly id: string; readonly tab: Tab; readonly disputeId?: string }
  | { readonly page: 'kpi'; readonly id: string; readonly kpiId: string };

export interface Location {
  readonly route: Route;
  readonly clocks: Clocks;
}

const TABS: readonly Tab[] = [
  'kpis',
  'attribution',
  'charter',
  'integrity',
  'quality',
  'disputes',
  'scenarios',
];

export function parse(hash: string): Location {
  const [path = '', query = ''] = hash.replace(/^#/, '').split('?');
  const params = new URLSearchParams(query);
  const position = Number(params.get('atPosition'));
  const clocks: Clocks = {
    ...(params.get('asOf') ? { asOf: params.get('asOf')! } : {}),
    ...(Number.isSafeInteger(position) && position > 0 ? { atPosition: position } : {}),
  };
  return { route: routeOf(segments(path)), clocks };
}

/** The path's parts, decoded; a malformed escape (a mangled link) leads home instead of nowhere. */
function segments(path: string): string[] {
  try {
    return path.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    return [];
  }
}

function routeOf(parts: string[]): Route {
  if (parts[0] === 'portfolio') return { page: 'portfolio' };
  if (parts[0] === 'partners') return { page: 'partners' };
  if (parts[0] !== 'p' || !parts[1]) return { page: 'home' };
  if (parts[2] === 'kpi' && parts[3]) return { page: 'kpi', id: parts[1], kpiId: parts[3] };
  const tab = TABS.find((t) => t === parts[2]) ?? 'kpis';
  if (tab === 'disputes' && parts[3]) return { page: 'partnership', id: parts[1], tab, disputeId: parts[3] };
  return { page: 'partnership', id: parts[1], tab };
}

export function href(route: Route, clocks: Clocks): string {
  const query = new URLSearchParams();
  if (clocks.asOf) query.set('asOf', clocks.asOf);
  if (clocks.atPosition) query.set('atPosition', String(clocks.atPosition));
  const tail = query.toString() ? `?${query.toString()}` : '';
  return `#/${pathOf(route).map(encodeURIComponent).join('/')}${tail}`;
}

function pathOf(route: Route): string[] {
  switch (route.page) {
    case 'home':
      return [];
    case 'portfolio':
      return ['portfolio'];
    case 'partners':
      return ['partners'];
    case 'partnership':
      if (route.tab === 'kpis') return ['p', route.id];
      return route.disputeId ? ['p', route.id, route.tab, route.disputeId] : ['p', route.id, route.tab];
    case 'kpi':
      return ['p', route.id, 'kpi', route.kpiId];
  }
}
