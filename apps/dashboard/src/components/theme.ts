/**
 * Light and dark colour schemes: the system's by default (prefers-color-scheme), or the one the user
 * chose, kept in localStorage (a preference, not a secret).
 */
const THEME = 'ledger.theme';
export const THEME_CHANGED = 'ledger:theme';
export type Theme = 'light' | 'dark';

export function applyTheme(theme = localStorage.getItem(THEME) as Theme | null): void {
  if (theme) document.documentElement.dataset.theme = theme;
  else delete document.documentElement.dataset.theme;
}

export function currentTheme(): Theme {
  const chosen = document.documentElement.dataset.theme as Theme | undefined;
  return chosen ?? (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light');
}

export function toggleTheme(): Theme {
  const next: Theme = currentTheme() === 'dark' ? 'light' : 'dark';
  localStorage.setItem(THEME, next);
  applyTheme(next);
  window.dispatchEvent(new Event(THEME_CHANGED)); // charts read their colours again
  return next;
}
