/**
 * Everything the side panel takes from the browser, as one interface: the components render the
 * same under test as in the extension, and `browser-env.ts` supplies the real one (the entrypoint
 * only wires it).
 */
import type { Annotation } from '../annotation/model.ts';
import type { Script } from '../corpus/types.ts';
import type { BackgroundToContent, PageState, WriteResult } from '../messaging.ts';
import type { SearchQuery, SearchResponse } from '../search/search-index.ts';
import type { Settings } from '../settings.ts';
import type { AnnotationsChange } from '../store/changes.ts';
import type { Persistence } from '../store/persistence.ts';
import type { AnnotationPatch } from '../store/validate.ts';
import type { NoteDrafts } from './drafts.ts';
import type { CommandInfo } from './keys.ts';
import type { OpenedPage, RevealOutcome } from './open.ts';

/** The part of the store the panel writes and reads (`store.annotations`). */
export interface PanelAnnotations {
  listByPage(keys: readonly string[]): Promise<Annotation[]>;
  get(id: string): Promise<Annotation | null>;
  update(id: string, patch: AnnotationPatch): Promise<WriteResult<{ annotation: Annotation }>>;
  delete(id: string): Promise<WriteResult<{ annotation: Annotation }>>;
  restore(record: Annotation): Promise<WriteResult<{ annotation: Annotation }>>;
  tagCounts(): Promise<Array<{ tag: string; count: number }>>;
}

/** A tab event that may change what the panel shows. */
export type TabEvent =
  | { kind: 'activated'; tabId: number }
  | { kind: 'updated'; tabId: number; status: 'loading' | 'complete' | null }
  | { kind: 'removed'; tabId: number };

export interface PanelEnv {
  /** The tab named by `?tab=<id>` (the panel opened as a tab, in tests), or null: follow the active tab. */
  fixedTab: number | null;
  /** The active tab of the panel's window. */
  activeTab(): Promise<number | null>;
  /** Tab events of the panel's window (and of the fixed tab). Returns how to stop. */
  onTabEvent(listener: (e: TabEvent) => void): () => void;

  /** A message to the tab's content script (top frame); rejects when none answers in time. */
  toTab<K extends keyof BackgroundToContent & string>(
    tabId: number,
    type: K,
    data: BackgroundToContent[K]['data'],
  ): Promise<BackgroundToContent[K]['result']>;
  /** Page states the content scripts report, with the sending tab (checked senders only). */
  onPageState(listener: (tabId: number, state: PageState) => void): () => void;
  /** Asks the background to scan a tab (injects the content script where it is not declared). */
  scanTab(tabId: number): Promise<{ ok: boolean; error?: string }>;

  annotations: PanelAnnotations;
  /** Annotation changes written by any context, this panel included. Returns how to stop. */
  onAnnotationsChanged(listener: (change: AnnotationsChange) => void): () => void;
  /** Searches annotations and corpus measures (the background's index). */
  search(query: SearchQuery): Promise<SearchResponse>;

  /** The annotation the background asked this panel to show for a tab (a marker's click), if fresh. */
  readFocus(tabId: number): Promise<string | null>;
  /** Hears new focus requests; the listener parses them for its tab (`parseFocus`). */
  onFocusRequest(listener: (value: unknown) => void): () => void;

  loadSettings(): Promise<Settings>;
  saveSettings(change: Partial<Settings>): Promise<Settings>;
  onSettingsChanged(listener: (settings: Settings) => void): () => void;

  /** Whether storage is persistent now (without asking). */
  persisted(): Promise<Persistence>;
  /** Asks for persistent storage. */
  requestPersistence(): Promise<Persistence>;
  /** Whether the panel has asked before (it asks by itself only once). */
  persistenceAsked(): Promise<boolean>;
  markPersistenceAsked(): Promise<void>;
  storageEstimate(): Promise<{ usage: number; quota: number } | null>;

  commands(): Promise<CommandInfo[]>;
  browserName: 'chrome' | 'firefox';
  isMac: boolean;

  drafts: NoteDrafts;
  /**
   * The corpus' ports, for the port filter and results: the English name (as indexed, and as an
   * English reader sees it) and the Chinese one in `script`.
   */
  ports: Array<{ port: string; portZh: string }>;
  /** The script measure titles and snippets are shown in (the UI language's). */
  script: Script;

  /** Opens or focuses the annotation's page. */
  openPage(a: Annotation): Promise<OpenedPage>;
  /** Reveals an annotation in a tab once it is anchored there. */
  revealInTab(tabId: number, annotationId: string): Promise<RevealOutcome>;
  /** Opens the library at a measure (one library tab, reused). */
  openLibrary(measureId: string): Promise<void>;
}
