/**
 * The library's history: the location hash is the route, so the browser's back and forward move
 * between library views, an address can be bookmarked or shared, and the background can send an
 * open library tab elsewhere by changing its URL's hash (`open-library`).
 *
 * `navigate` pushes a history entry by setting the hash (the browser fires `hashchange`);
 * `navigate(…, { replace: true })` rewrites the current entry with `history.replaceState`, which
 * fires nothing, so the router tells its listeners itself. Typing in a filter replaces; opening a
 * measure pushes.
 */
import { formatRoute, parseRoute, sameRoute, type Route } from './route.ts';

/** The part of a window the router uses (a fake one in tests). */
export interface RouterWindow {
  location: { hash: string };
  history: { replaceState(data: unknown, unused: string, url?: string): void; readonly state?: unknown };
  addEventListener(type: 'hashchange', listener: () => void): void;
  removeEventListener(type: 'hashchange', listener: () => void): void;
}

export class HashRouter {
  private readonly listeners = new Set<(route: Route) => void>();
  private route: Route;

  constructor(private readonly win: RouterWindow) {
    this.route = parseRoute(win.location.hash);
  }

  /** The route shown now. */
  current(): Route {
    return this.route;
  }

  /** Hears every route change (links, back/forward, `navigate`, the background). Returns how to stop. */
  subscribe(listener: (route: Route) => void): () => void {
    if (this.listeners.size === 0) this.win.addEventListener('hashchange', this.onHash);
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.win.removeEventListener('hashchange', this.onHash);
    };
  }

  /** Goes to `route` (nothing happens when it is where the page is). */
  navigate(route: Route, options: { replace?: boolean } = {}): void {
    if (sameRoute(route, this.route)) return;
    const hash = formatRoute(route);
    if (options.replace) {
      this.win.history.replaceState(this.win.history.state ?? null, '', hash);
      this.set(parseRoute(hash));
    } else {
      // Fires hashchange, which sets the route: one path for links, history and this.
      this.win.location.hash = hash;
    }
  }

  private readonly onHash = (): void => {
    this.set(parseRoute(this.win.location.hash));
  };

  private set(route: Route): void {
    if (sameRoute(route, this.route) && route.view === this.route.view) return;
    this.route = route;
    for (const l of [...this.listeners]) l(route);
  }
}
