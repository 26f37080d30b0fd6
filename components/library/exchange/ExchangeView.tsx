/**
 * The Export / Import section (`#exchange`).
 *
 * - **Export**: the four formats of `lib/exchange/` as file downloads, made from every stored
 *   record by the same code as `cli convert` (so the same records give the same bytes), a slice at
 *   a time with a progress bar. The file is a Blob behind an `<a download>` that stays on screen
 *   ("Save again"), so nothing depends on a download permission.
 * - **Import**: a JSON backup or W3C JSON-LD chosen with the file picker or dropped on the drop
 *   zone, read as bytes (never `File.text()`, which hides bad UTF-8), checked whole before anything
 *   is written, written in one transaction in slices (`importBytes`), with a progress bar and
 *   Cancel until the write starts. At the end, a summary: imported, skipped (why, where), rejected
 *   (why, where), and the backup's settings applied. A refused file says why in one line and that
 *   nothing changed. The importer's own messages are technical English; they are shown as such
 *   (`lang="en"`) under a line in the reader's language.
 */
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { corpusLookup } from '../../../lib/exchange/formats.ts';
import { EXPORT_FORMATS, type ExportFormat } from '../../../lib/exchange/export.ts';
import { t, type MessageKey } from '../../../lib/i18n.ts';
import type { LibraryEnv, LibraryViewProps } from '../../../lib/library/env.ts';
import { exportAll, type ExchangeDeps, type ImportStage } from '../../../lib/library/exchange-view.ts';
import { importForPage, type ImportShown, type ImportWorkerLike } from '../../../lib/library/import-job.ts';
import { changeNotifier, TabPages, type AnnotationsChange } from '../../../lib/store/changes.ts';
import { loadSettings, saveSettings, type Settings } from '../../../lib/settings.ts';
import './exchange.css';

const FORMAT_LABEL: Record<ExportFormat, { name: MessageKey; help: MessageKey }> = {
  backup: { name: 'exFormatBackup', help: 'exFormatBackupHelp' },
  w3c: { name: 'exFormatW3c', help: 'exFormatW3cHelp' },
  csv: { name: 'exFormatCsv', help: 'exFormatCsvHelp' },
  markdown: { name: 'exFormatMarkdown', help: 'exFormatMarkdownHelp' },
};

const PHASE_LABEL: Record<ImportStage['phase'], MessageKey> = {
  read: 'exPhaseRead',
  parse: 'exPhaseParse',
  check: 'exPhaseCheck',
  'store-check': 'exPhaseStoreCheck',
  write: 'exPhaseWrite',
};

/**
 * The import worker, when this browser runs module workers in extension pages (Chrome does;
 * Firefox since 114); null makes the import run in the page, sliced.
 */
function workerFactory(): (() => ImportWorkerLike) | null {
  if (typeof Worker !== 'function') return null;
  return () =>
    new Worker(new URL('./import-worker.ts', import.meta.url), {
      type: 'module',
    }) as unknown as ImportWorkerLike;
}

/** The screen's steps over the library's environment. */
export function exchangeDeps(env: LibraryEnv): ExchangeDeps {
  return {
    annotations: env.store.annotations,
    loadSettings: () => loadSettings(env.browser.storage.local),
    saveSettings: (change) => saveSettings(env.browser.storage.local, change),
    libraryBase: env.libraryUrl,
    measures: corpusLookup(env.corpus.corpus),
    now: () => new Date(),
  };
}

/**
 * A message whose first placeholder is a file name: the name is the file's, not words of the UI,
 * so it is set apart (`lang="zxx"`: no language) inside the sentence.
 */
function WithName({ k, name, rest = [] }: { k: MessageKey; name: string; rest?: Array<string | number> }) {
  const mark = '\u0001';
  const [before = '', after = ''] = t(k, mark, ...rest).split(mark);
  return (
    <>
      {before}
      <span class="ex-file" lang="zxx">
        {name}
      </span>
      {after}
    </>
  );
}

/** A count as the UI language writes it (`10,008`). */
const num = (n: number): string => n.toLocaleString(t('uiLang'));

/** Bytes as the reader reads sizes (`12.3 kB`). */
function size(bytes: number): string {
  if (bytes < 1000) return t('exBytes', bytes);
  if (bytes < 1_000_000) return t('exKilobytes', (bytes / 1000).toFixed(1));
  return t('exMegabytes', (bytes / 1_000_000).toFixed(1));
}

type ExportState =
  | { kind: 'idle' }
  | { kind: 'working'; format: ExportFormat; phase: 'read' | 'write'; done: number; total: number | null }
  | { kind: 'done'; format: ExportFormat; name: string; url: string; count: number; bytes: number }
  | { kind: 'failed'; format: ExportFormat; message: string };

type ImportState =
  | { kind: 'idle' }
  | { kind: 'working'; file: string; stage: ImportStage }
  | { kind: 'done'; file: string; outcome: ImportShown }
  | { kind: 'cancelled'; file: string }
  | { kind: 'failed'; file: string; message: string };

export function ExchangeView({ env }: LibraryViewProps) {
  const title = t('sectionExchange');
  useEffect(() => env.setTitle(title), [env, title]);
  const deps = useRef<ExchangeDeps | null>(null);
  deps.current ??= exchangeDeps(env);
  // The worker's writes are announced from here, as this page's own store announces its writes.
  const notifier = useRef<((change: AnnotationsChange) => Promise<void>) | null>(null);
  notifier.current ??= changeNotifier({
    tabs: env.browser.tabs,
    tabPages: new TabPages(env.browser.storage.session ?? null),
  });
  const [count, setCount] = useState<number | null>(null);
  const [changes, setChanges] = useState(0);

  useEffect(() => env.onAnnotationsChanged(() => setChanges((n) => n + 1)), [env]);
  useEffect(() => {
    env.store.annotations.count().then(setCount, () => setCount(null));
  }, [env, changes]);

  return (
    <section class="library-view exchange" data-testid="exchange">
      <h2 tabIndex={-1}>{title}</h2>
      <ExportPart deps={deps.current} count={count} />
      <ImportPart deps={deps.current} makeWorker={workerFactory()} notify={notifier.current} />
    </section>
  );
}

function ExportPart({ deps, count }: { deps: ExchangeDeps; count: number | null }) {
  const uid = useId();
  const [state, setState] = useState<ExportState>({ kind: 'idle' });
  const link = useRef<HTMLAnchorElement>(null);
  const clicked = useRef<string | null>(null);

  // The object URL lives as long as its link.
  useEffect(() => {
    if (state.kind !== 'done') return;
    const url = state.url;
    return () => URL.revokeObjectURL(url);
  }, [state]);

  // A new file is saved once, by clicking its link (the link stays for "Save again").
  useEffect(() => {
    if (state.kind === 'done' && clicked.current !== state.url && link.current) {
      clicked.current = state.url;
      link.current.click();
    }
  }, [state]);

  const run = async (format: ExportFormat): Promise<void> => {
    setState({ kind: 'working', format, phase: 'read', done: 0, total: count });
    try {
      const file = await exportAll(deps, format, {
        onProgress: (p) =>
          setState({ kind: 'working', format, phase: p.phase, done: p.done, total: p.total }),
      });
      const blob = new Blob(file.parts, { type: file.type });
      setState({
        kind: 'done',
        format,
        name: file.name,
        url: URL.createObjectURL(blob),
        count: file.count,
        bytes: blob.size,
      });
    } catch (e) {
      setState({ kind: 'failed', format, message: e instanceof Error ? e.message : String(e) });
    }
  };

  const busy = state.kind === 'working';
  return (
    <section class="ex-part" aria-labelledby={`${uid}-h`}>
      <h3 id={`${uid}-h`}>{t('exExportTitle')}</h3>
      <p data-testid="ex-count">{count === null ? t('libraryLoading') : t('exStored', num(count))}</p>
      <ul class="ex-formats">
        {EXPORT_FORMATS.map((f) => (
          <li key={f}>
            <button
              type="button"
              data-testid={`export-${f}`}
              disabled={busy}
              aria-describedby={`${uid}-${f}`}
              onClick={() => void run(f)}
            >
              {t(FORMAT_LABEL[f].name)}
            </button>
            <span id={`${uid}-${f}`} class="ex-help">
              {t(FORMAT_LABEL[f].help)}
            </span>
          </li>
        ))}
      </ul>
      <div class="ex-status" role="status" data-testid="export-status">
        {state.kind === 'working' ? (
          <>
            <span>
              {t(
                state.phase === 'read' ? 'exReading' : 'exWriting',
                num(state.done),
                state.total === null ? '…' : num(state.total),
              )}
            </span>
            <progress
              max={state.total ?? 1}
              value={state.total === null ? undefined : state.done}
              aria-label={t(FORMAT_LABEL[state.format].name)}
            />
          </>
        ) : state.kind === 'done' ? (
          <>
            <span>
              <WithName k="exSaved" name={state.name} rest={[num(state.count), size(state.bytes)]} />
            </span>{' '}
            <a
              ref={link}
              href={state.url}
              download={state.name}
              data-testid="export-link"
              data-format={state.format}
            >
              {t('exSaveAgain')}
            </a>
          </>
        ) : state.kind === 'failed' ? (
          <span class="error" role="alert" data-testid="export-error">
            {t('exExportFailed')} <span lang="en">{state.message}</span>
          </span>
        ) : null}
      </div>
    </section>
  );
}

function ImportPart({
  deps,
  makeWorker,
  notify,
}: {
  deps: ExchangeDeps;
  makeWorker: (() => ImportWorkerLike) | null;
  notify: (change: AnnotationsChange) => Promise<void>;
}) {
  const uid = useId();
  const [state, setState] = useState<ImportState>({ kind: 'idle' });
  const [over, setOver] = useState(false);
  const abort = useRef<AbortController | null>(null);
  const summaryRef = useRef<HTMLDivElement>(null);

  // The summary takes focus when it appears: the reader hears how the import went.
  useEffect(() => {
    if (state.kind === 'done' || state.kind === 'failed' || state.kind === 'cancelled')
      summaryRef.current?.focus();
  }, [state.kind]);

  const run = async (file: File): Promise<void> => {
    const controller = new AbortController();
    abort.current = controller;
    setState({ kind: 'working', file: file.name, stage: { phase: 'read', fraction: 0 } });
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const outcome = await importForPage(deps, bytes, {
        makeWorker,
        onChange: (change) => void notify(change),
        onProgress: (stage) => setState({ kind: 'working', file: file.name, stage }),
        signal: controller.signal,
      });
      setState({ kind: 'done', file: file.name, outcome });
    } catch (e) {
      if (controller.signal.aborted) setState({ kind: 'cancelled', file: file.name });
      else setState({ kind: 'failed', file: file.name, message: e instanceof Error ? e.message : String(e) });
    } finally {
      abort.current = null;
    }
  };

  const busy = state.kind === 'working';
  const choose = (files: FileList | null | undefined): void => {
    const file = files?.[0];
    if (file && !busy) void run(file);
  };

  return (
    <section class="ex-part" aria-labelledby={`${uid}-h`}>
      <h3 id={`${uid}-h`}>{t('exImportTitle')}</h3>
      <p class="ex-help">{t('exImportHelp')}</p>
      <div
        class={`ex-drop${over ? ' over' : ''}`}
        data-testid="import-drop"
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          choose(e.dataTransfer?.files);
        }}
      >
        <label for={`${uid}-file`}>{t('exChooseFile')}</label>{' '}
        <input
          id={`${uid}-file`}
          type="file"
          accept=".json,.jsonld,application/json,application/ld+json"
          data-testid="import-file"
          disabled={busy}
          onChange={(e) => {
            const input = e.currentTarget as HTMLInputElement;
            choose(input.files);
            // The same file can be chosen again (after a fix, or to see its duplicates skipped).
            input.value = '';
          }}
        />
        <span class="ex-help">{t('exDrop')}</span>
      </div>
      {state.kind === 'working' ? (
        <div class="ex-progress" data-testid="import-progress">
          <label for={`${uid}-bar`}>
            <WithName k="exImporting" name={state.file} /> · {t(PHASE_LABEL[state.stage.phase])}
          </label>
          <progress
            id={`${uid}-bar`}
            max={1}
            value={state.stage.fraction}
            aria-valuetext={`${Math.round(state.stage.fraction * 100)}%`}
          />
          <button
            type="button"
            data-testid="import-cancel"
            disabled={state.stage.phase === 'store-check' || state.stage.phase === 'write'}
            onClick={() => abort.current?.abort(new DOMException('cancelled', 'AbortError'))}
          >
            {t('exCancel')}
          </button>
        </div>
      ) : null}
      <div ref={summaryRef} tabIndex={-1} class="ex-result" data-testid="import-result">
        {state.kind === 'done' ? (
          <ImportSummaryView file={state.file} outcome={state.outcome} />
        ) : state.kind === 'cancelled' ? (
          <p role="status" data-testid="import-cancelled">
            <WithName k="exCancelled" name={state.file} />
          </p>
        ) : state.kind === 'failed' ? (
          <p class="error" role="alert" data-testid="import-error">
            <WithName k="exRefused" name={state.file} /> <span lang="en">{state.message}</span>
          </p>
        ) : null}
      </div>
    </section>
  );
}

const SKIP_LABEL: Record<string, MessageKey> = {
  'same-id/existing': 'exSkipSameIdStored',
  'same-content/existing': 'exSkipSameContentStored',
  'same-id/file': 'exSkipSameIdFile',
  'same-content/file': 'exSkipSameContentFile',
};

function tintName(mode: Settings['tintMode']): string {
  return t(mode === 'tint' ? 'tintTint' : mode === 'underline' ? 'tintUnderline' : 'tintBadges');
}

function ImportSummaryView({ file, outcome }: { file: string; outcome: ImportShown }) {
  if (!outcome.ok) {
    return (
      <div class="error" role="alert" data-testid="import-error">
        <p>
          <WithName k="exRefused" name={file} />
        </p>
        <p lang="en" data-testid="import-error-message">
          {outcome.message}
          {outcome.where !== null && !outcome.message.includes(outcome.where) ? ` (${outcome.where})` : ''}
        </p>
      </div>
    );
  }
  const s = outcome.view;
  return (
    <div role="status" data-testid="import-summary">
      <p>
        <WithName k="exDone" name={file} />
      </p>
      <dl class="ex-counts">
        <dt>{t('exImported')}</dt>
        <dd data-testid="count-imported">{num(outcome.written)}</dd>
        <dt>{t('exSkipped')}</dt>
        <dd data-testid="count-skipped">{num(s.skipped)}</dd>
        <dt>{t('exRejected')}</dt>
        <dd data-testid="count-rejected">{num(s.rejected)}</dd>
      </dl>
      {outcome.written < s.imported ? <p>{t('exKeptNewer', num(s.imported - outcome.written))}</p> : null}
      {outcome.settings ? (
        <p data-testid="settings-applied">
          {t(
            'exSettingsApplied',
            tintName(outcome.settings.tintMode),
            t(outcome.settings.printHighlights ? 'exYes' : 'exNo'),
          )}
        </p>
      ) : null}
      {outcome.settingsError !== null ? (
        <p class="error" role="alert" data-testid="settings-error">
          {t('exSettingsFailed')} <span lang="en">{outcome.settingsError}</span>
        </p>
      ) : null}
      {s.skipped > 0 ? (
        <details data-testid="skipped-details">
          <summary>{t('exSkippedWhy')}</summary>
          <ul>
            {s.skippedBy.map((k) => (
              <li key={`${k.reason}/${k.of}`}>
                {t(SKIP_LABEL[`${k.reason}/${k.of}`] ?? 'exSkipSameIdStored', num(k.count))}
              </li>
            ))}
          </ul>
          <Notes
            notes={s.skippedShown.map((k) => ({
              where: k.where,
              message:
                k.duplicateOf === null
                  ? t(k.reason === 'same-id' ? 'exRepeatsStoredId' : 'exRepeatsStoredContent')
                  : t('exRepeatsInFile', k.duplicateOf),
              own: true,
            }))}
            total={s.skipped}
            testid="skipped-note"
          />
        </details>
      ) : null}
      {s.rejected > 0 ? (
        <details open data-testid="rejected-details">
          <summary>{t('exRejectedWhy')}</summary>
          <Notes
            notes={s.rejectedShown.map((n) => ({ ...n, own: false }))}
            total={s.rejected}
            testid="rejected-note"
          />
        </details>
      ) : null}
      {s.warnings > 0 ? (
        <details data-testid="warning-details">
          <summary>{t('exWarnings', num(s.warnings))}</summary>
          <Notes
            notes={s.warningsShown.map((n) => ({ ...n, own: false }))}
            total={s.warnings}
            testid="warning-note"
          />
        </details>
      ) : null}
    </div>
  );
}

/** Where and why, per annotation; the importer's messages are English (`own`: ours, translated). */
function Notes({
  notes,
  total,
  testid,
}: {
  notes: ReadonlyArray<{ where: string; message: string; own: boolean }>;
  total: number;
  testid: string;
}) {
  return (
    <>
      <ol class="ex-notes">
        {notes.map((n, i) => (
          <li key={i} data-testid={testid}>
            <code lang="zxx">{n.where}</code> <span lang={n.own ? undefined : 'en'}>{n.message}</span>
          </li>
        ))}
      </ol>
      {total > notes.length ? <p>{t('exMoreNotes', num(total - notes.length))}</p> : null}
    </>
  );
}
