/**
 * The background's annotation handlers (issue 8), which `Background` puts into its handler tables:
 *
 * Content script → background (a hostile page may have compromised the content script, so the
 * page is never taken from the message):
 * - `page-annotations` {canonical}: the annotations of the page the sender's TAB shows
 *   (`sender.tab.url`, or the top frame's `sender.url` where Firefox hides the tab's; a frame must
 *   be on that same page, else refused), with the page's canonical
 *   URL as a second key only when it is on the same host (`trustedCanonical`). Answers anchor
 *   targets only: no note or tag ever goes to a content script.
 * - `create-annotation` {passage, colour}: refused unless the passage's page is the tab's page;
 *   the measure must be a corpus measure; the record is checked by the store (sizes, types). Only
 *   the passage and a colour come from the page: tags, note and status are set in the side panel.
 * - `open-side-panel` {annotationId}: opens the panel for the sender's tab (`side-panel.ts`).
 *
 * Extension page → background: list (one page or all), get, update, delete, restore, import,
 * search, summary, open-side-panel. These are the only way across pages: `dispatch()` accepts
 * page-to-background messages from the extension's own pages alone.
 *
 * After every committed write the store's `onChange` (wired by `Background`) tells the other
 * extension contexts and the tabs (`lib/store/changes.ts`) and brings the search index up to date.
 * Which tab shows which page is learnt here, from the content scripts' own requests
 * (`TabPages`): `tabs.query` does not tell this extension a tab's URL.
 */
import { anchorTarget, COLOUR_IDS, LIMITS, type AnchorTarget } from '../annotation/model.ts';
import { pageKey, pageKeys } from '../annotation/page-url.ts';
import type { ContentToBackground, Handlers, PageToBackground, Sender, WriteResult } from '../messaging.ts';
import { LiveSearch } from '../search/live.ts';
import type { SearchFilters, SearchQuery } from '../search/search-index.ts';
import type { AnnotationsChange, TabPages } from '../store/changes.ts';
import type { Store } from '../store/store.ts';
import type { Corpus } from '../corpus/types.ts';
import type { BackgroundApi } from './api.ts';
import { openPanel, PanelWindows, requestFocus } from './side-panel.ts';

type ContentKeys = 'page-annotations' | 'create-annotation' | 'open-side-panel';
type PageKeys =
  | 'annotations-list'
  | 'annotation-get'
  | 'annotation-update'
  | 'annotation-delete'
  | 'annotation-restore'
  | 'annotations-import'
  | 'annotations-search'
  | 'annotations-summary'
  | 'open-side-panel';

/** Characters of a search query the background accepts. */
export const MAX_QUERY_CHARS = 1_000;

const refused = (message: string): { ok: false; error: 'invalid'; message: string } => ({
  ok: false,
  error: 'invalid',
  message,
});

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/**
 * The page a content-script sender speaks for: its tab's URL and that URL's key; null when the
 * tab shows no web page or the sending frame is on another page (another origin's iframe, or a
 * document the tab has navigated away from).
 *
 * Firefox hides `sender.tab.url` from an extension without the `tabs` permission or a host
 * permission for the page (its content-script matches do not count), but gives `sender.url`, the
 * sending frame's own URL, set by the browser like the tab's. The top frame's URL is the tab's
 * page, so it stands in; a subframe's never does.
 */
export function senderPage(sender: Sender): { url: string; key: string } | null {
  const url = sender.tab?.url ?? (sender.tab && sender.frameId === 0 ? sender.url : undefined);
  const key = typeof url === 'string' ? pageKey(url) : null;
  if (key === null || url === undefined) return null;
  if (sender.url !== undefined && pageKey(sender.url) !== key) return null;
  return { url, key };
}

/** A list of short strings from a message, or undefined when absent; throws on anything else. */
function stringList(
  v: unknown,
  what: string,
  max = 100,
  maxChars: number = LIMITS.url,
): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || v.length > max || !v.every((x) => typeof x === 'string' && x.length <= maxChars)) {
    throw new Error(`${what} must be a list of at most ${max} strings`);
  }
  return [...(v as string[])];
}

/** A search query from an extension page, checked and copied. */
export function cleanQuery(data: unknown): SearchQuery {
  if (!isObject(data)) throw new Error('annotations-search: the query must be an object');
  const text = data.text ?? '';
  if (typeof text !== 'string' || text.length > MAX_QUERY_CHARS) {
    throw new Error(`annotations-search: text must be at most ${MAX_QUERY_CHARS} characters`);
  }
  const f = isObject(data.filters) ? data.filters : {};
  const filters: SearchFilters = {};
  const kinds = stringList(f.kinds, 'filters.kinds', 2);
  const tags = stringList(f.tags, 'filters.tags', LIMITS.tags, LIMITS.tag);
  const colours = stringList(f.colours, 'filters.colours', COLOUR_IDS.length);
  const statuses = stringList(f.statuses, 'filters.statuses', 4);
  const ports = stringList(f.ports, 'filters.ports', 100, 100);
  const keys = stringList(f.pageKeys, 'filters.pageKeys', 16);
  if (kinds) filters.kinds = kinds as SearchFilters['kinds'];
  if (tags) filters.tags = tags;
  if (colours) filters.colours = colours as SearchFilters['colours'];
  if (statuses) filters.statuses = statuses as SearchFilters['statuses'];
  if (ports) filters.ports = ports;
  if (keys) filters.pageKeys = keys;
  const query: SearchQuery = { text, filters };
  if (typeof data.limit === 'number') query.limit = data.limit;
  if (data.script === 'Hans' || data.script === 'Hant') query.script = data.script;
  return query;
}

/** The annotation side of the background: handlers, the search index, and change handling. */
export class AnnotationService {
  private storeValue: Store | undefined;
  private liveValue: LiveSearch | undefined;

  readonly contentHandlers: Pick<Handlers<ContentToBackground>, ContentKeys>;
  readonly pageHandlers: Pick<Handlers<PageToBackground>, PageKeys>;
  /** Firefox: the panel in a window when a page asks and the sidebar cannot open (`side-panel.ts`). */
  readonly panelWindows: PanelWindows;

  constructor(
    private readonly api: BackgroundApi,
    /** Which tab shows which page: recorded here, read when changes are broadcast. */
    readonly tabPages: TabPages,
    /** Opens the store (lazily: the first message that needs it). */
    private readonly openStore: (() => Store) | null,
    private readonly corpus: Pick<Corpus, 'documents' | 'measures'>,
    private readonly isMeasure: (id: string) => boolean,
  ) {
    this.panelWindows = new PanelWindows(api);
    this.contentHandlers = {
      'page-annotations': (data, sender) => this.pageAnnotations(data, sender),
      'create-annotation': (data, sender) => this.createAnnotation(data, sender),
      'open-side-panel': (data, sender) =>
        this.openSidePanel(sender.tab?.id, data?.annotationId ?? null, senderPage(sender)?.url, true),
    };
    this.pageHandlers = {
      'annotations-list': async (data) => {
        const keys = stringList(data?.keys, 'keys', 16);
        if (keys) return { items: await this.store.annotations.listByPage(keys), next: null };
        const after = typeof data?.after === 'string' ? data.after : null;
        const limit = typeof data?.limit === 'number' ? data.limit : undefined;
        return this.store.annotations.listAll({ after, ...(limit !== undefined ? { limit } : {}) });
      },
      'annotation-get': (data) => this.store.annotations.get(String(data?.id)),
      'annotation-update': (data) => this.store.annotations.update(String(data?.id), data?.patch),
      'annotation-delete': (data) => this.store.annotations.delete(String(data?.id)),
      'annotation-restore': (data) => this.store.annotations.restore(data?.annotation),
      'annotations-import': (data) =>
        this.store.annotations.bulkPut(Array.isArray(data?.records) ? data.records : (null as never), {
          onConflict: data?.onConflict ?? 'keep-newer',
          skipInvalid: data?.skipInvalid === true,
        }),
      'annotations-search': (data) => this.live.search(cleanQuery(data)),
      'annotations-summary': async () => ({
        count: await this.store.annotations.count(),
        tags: await this.store.annotations.tagCounts(),
      }),
      'open-side-panel': (data) =>
        this.openSidePanel(
          typeof data?.tabId === 'number' ? data.tabId : undefined,
          data?.annotationId ?? null,
        ),
    };
  }

  /** The store, opened on first use. */
  get store(): Store {
    if (!this.openStore) throw new Error('annotations are not available in this context');
    this.storeValue ??= this.openStore();
    return this.storeValue;
  }

  /** Whether the store has been opened yet (it must be lazy: most pages never ask). */
  get storeOpened(): boolean {
    return this.storeValue !== undefined;
  }

  /** The search index over annotations and measures, built on the first search. */
  get live(): LiveSearch {
    this.liveValue ??= new LiveSearch(this.store.annotations, this.corpus);
    return this.liveValue;
  }

  /** A committed write, here or in another context: the search index follows. */
  async onChange(change: AnnotationsChange): Promise<void> {
    await this.liveValue?.apply(change);
  }

  // ---- content script → background ----

  async pageAnnotations(data: { canonical: string | null }, sender: Sender): Promise<AnchorTarget[]> {
    const page = senderPage(sender);
    if (!page) throw new Error('page-annotations: the sender is not on its tab’s page');
    const canonical = isObject(data) ? data.canonical : null;
    if (canonical !== null && (typeof canonical !== 'string' || canonical.length > LIMITS.url)) {
      throw new Error('page-annotations: canonical must be an address or null');
    }
    const keys = pageKeys({ url: page.url, canonical });
    await this.remember(sender, keys);
    const list = await this.store.annotations.listByPage(keys);
    return list.map(anchorTarget);
  }

  async createAnnotation(
    data: ContentToBackground['create-annotation']['data'],
    sender: Sender,
  ): Promise<WriteResult<{ target: AnchorTarget }>> {
    const page = senderPage(sender);
    if (!page) return refused('the sender is not on its tab’s page');
    const passage: unknown = isObject(data) ? data.passage : undefined;
    const passagePage = isObject(passage) && isObject(passage.page) ? passage.page : null;
    const url = passagePage && typeof passagePage.url === 'string' ? passagePage.url : null;
    if (url === null || url.length > LIMITS.url || pageKey(url) !== page.key) {
      return refused('the passage is not from this tab’s page');
    }
    const measureId = isObject(passage) ? passage.measureId : undefined;
    if (measureId !== null && (typeof measureId !== 'string' || !this.isMeasure(measureId))) {
      return refused('measureId is not a corpus measure');
    }
    const colour = isObject(data) ? (data.colour ?? null) : null;
    const canonical = typeof passagePage?.canonical === 'string' ? passagePage.canonical : null;
    await this.remember(sender, pageKeys({ url: page.url, canonical }));
    const r = await this.store.annotations.create({
      passage: passage as ContentToBackground['create-annotation']['data']['passage'],
      colour: colour as ContentToBackground['create-annotation']['data']['colour'],
    });
    return r.ok ? { ok: true, target: anchorTarget(r.annotation) } : r;
  }

  /** Notes which page the sender's tab shows (its top frame speaks for the tab). */
  private async remember(sender: Sender, keys: readonly string[]): Promise<void> {
    const tabId = sender.tab?.id;
    if (tabId === undefined || (sender.frameId !== undefined && sender.frameId !== 0)) return;
    try {
      await this.tabPages.record(tabId, keys);
    } catch {
      // Without the registry this tab hears of changes only through its visible URL.
    }
  }

  /**
   * Opens the side panel for a tab (at once: the user's gesture must still count), then asks it
   * to show `annotationId` when that annotation is on the tab's site (the tab's URL when the
   * sender gave it, else the page its content script last asked about). When a page asked
   * (`fromPage`) and Firefox's sidebar refused, the panel shows in a window instead.
   */
  openSidePanel(
    tabId: number | undefined,
    annotationId: unknown,
    tabUrl?: string,
    fromPage = false,
  ): Promise<{ ok: boolean }> {
    const opened = openPanel(this.api, tabId);
    return (async () => {
      let ok = await opened;
      if (!ok && fromPage && this.api.sidebarAction && tabId !== undefined) {
        ok = await this.panelWindows.show(tabId);
      }
      if (ok && tabId !== undefined && typeof annotationId === 'string' && annotationId.length <= 64) {
        try {
          await this.focusIfOnTab(tabId, annotationId, tabUrl);
        } catch {
          // The panel opened; without a focus it shows the page's annotations.
        }
      }
      return { ok };
    })();
  }

  private async focusIfOnTab(tabId: number, annotationId: string, tabUrl: string | undefined): Promise<void> {
    const a = await this.store.annotations.get(annotationId);
    if (!a) return;
    const host = (u: string | undefined): string | null => {
      try {
        return u ? new URL(u).hostname : null;
      } catch {
        return null;
      }
    };
    const tabHosts = [tabUrl, ...(await this.tabPages.keysOf(tabId))]
      .map(host)
      .filter((h): h is string => h !== null);
    // A canonical key is always on the page's own host, so the host decides.
    if (a.keys.some((k) => tabHosts.includes(host(k) ?? ''))) {
      await requestFocus(this.api, tabId, annotationId);
    }
  }
}
