/**
 * "Settings": whether the browser keeps PolicyLens' data (persistent storage, asked once by itself
 * and again on request), how recognised measures are marked on pages (tint / underline / badges
 * only) and whether the reader's highlights print, and every keyboard shortcut: the browser's
 * commands as bound now (`commands.getAll()`), with where to set a missing one, and the panel's own
 * keys.
 *
 * Settings live in `storage.local`; the content scripts apply a change at once (they listen to
 * `storage.onChanged`), and another panel's change shows here too.
 */
import { useEffect, useState } from 'preact/hooks';
import { t, type MessageKey } from '../../lib/i18n.ts';
import type { PanelEnv } from '../../lib/panel/env.ts';
import { commandRows, panelShortcuts, shortcutSettingsPlace, type CommandRow } from '../../lib/panel/keys.ts';
import {
  DEFAULT_SETTINGS,
  TINT_MODES,
  type Settings as SettingsValue,
  type TintMode,
} from '../../lib/settings.ts';
import type { Persistence } from '../../lib/store/persistence.ts';
import { CommandKeys } from '../shared/keys.tsx';

const TINT_LABEL: Record<TintMode, { name: MessageKey; help: MessageKey }> = {
  tint: { name: 'tintTint', help: 'tintTintHelp' },
  underline: { name: 'tintUnderline', help: 'tintUnderlineHelp' },
  badges: { name: 'tintBadges', help: 'tintBadgesHelp' },
};

const PERSISTENCE_TEXT: Record<Persistence, { name: MessageKey; help: MessageKey }> = {
  granted: { name: 'persistGranted', help: 'persistGrantedHelp' },
  denied: { name: 'persistDenied', help: 'persistDeniedHelp' },
  unsupported: { name: 'persistUnsupported', help: 'persistUnsupportedHelp' },
};

/** Bytes as the reader reads them. */
function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} kB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export interface SettingsProps {
  env: PanelEnv;
  /** What the browser answered about persistent storage (null: not known yet). */
  persistence: Persistence | null;
  /** Asks again (in the reader's click). */
  onAskPersistence: () => void;
  visible: boolean;
}

export function Settings({ env, persistence, onAskPersistence, visible }: SettingsProps) {
  const [settings, setSettings] = useState<SettingsValue>(DEFAULT_SETTINGS);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [commands, setCommands] = useState<CommandRow[] | null>(null);
  const [estimate, setEstimate] = useState<{ usage: number; quota: number } | null>(null);

  useEffect(() => {
    env.loadSettings().then(setSettings, () => undefined);
    return env.onSettingsChanged(setSettings);
  }, [env]);

  useEffect(() => {
    if (!visible) return;
    env.commands().then(
      (c) => setCommands(commandRows(c)),
      () => setCommands([]),
    );
    env.storageEstimate().then(setEstimate, () => undefined);
  }, [env, visible]);

  const change = (c: Partial<SettingsValue>): void => {
    setSettings((s) => ({ ...s, ...c }));
    setSaveError(null);
    env.saveSettings(c).then(setSettings, (e: unknown) => setSaveError(String(e)));
  };

  const place = shortcutSettingsPlace(env.browserName);

  return (
    <div class="settings" data-testid="settings">
      <section aria-labelledby="storage-heading">
        <h2 id="storage-heading">{t('settingsStorage')}</h2>
        <p data-testid="persistence" data-persistence={persistence ?? ''}>
          {persistence ? <strong>{t(PERSISTENCE_TEXT[persistence].name)}</strong> : t('libraryLoading')}
        </p>
        {persistence ? <p class="hint">{t(PERSISTENCE_TEXT[persistence].help)}</p> : null}
        {estimate ? <p class="hint">{t('storageUsed', size(estimate.usage))}</p> : null}
        {persistence !== 'granted' ? (
          <button type="button" data-testid="persist-ask" onClick={onAskPersistence}>
            {t('persistAsk')}
          </button>
        ) : null}
      </section>

      <section aria-labelledby="marks-heading">
        <h2 id="marks-heading">{t('settingsMarks')}</h2>
        <fieldset class="tint-modes" data-testid="tint-mode">
          <legend>{t('settingsTint')}</legend>
          {TINT_MODES.map((m) => (
            <label key={m} class="radio-row">
              <input
                type="radio"
                name="tint-mode"
                value={m}
                data-tint={m}
                checked={settings.tintMode === m}
                onChange={() => change({ tintMode: m })}
              />
              <span>
                {t(TINT_LABEL[m].name)}
                <span class="hint"> — {t(TINT_LABEL[m].help)}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <label class="radio-row">
          <input
            type="checkbox"
            data-testid="print-highlights"
            checked={settings.printHighlights}
            onChange={(e) => change({ printHighlights: (e.currentTarget as HTMLInputElement).checked })}
          />
          <span>
            {t('settingsPrint')}
            <span class="hint"> — {t('settingsPrintHelp')}</span>
          </span>
        </label>
        {saveError !== null ? (
          <p class="error" role="alert">
            {t('settingsSaveFailed', saveError)}
          </p>
        ) : null}
      </section>

      <section aria-labelledby="keys-heading">
        <h2 id="keys-heading">{t('settingsKeys')}</h2>
        <h3>{t('keysBrowser')}</h3>
        <CommandKeys commands={commands} testId="commands" class="keys" />
        <p class="hint" data-testid="keys-where">
          {t('keysWhere', place)}
        </p>
        <h3>{t('keysPanel')}</h3>
        <table class="keys" data-testid="panel-keys">
          <tbody>
            {panelShortcuts(env.isMac).map((k) => (
              <tr key={k.what}>
                <th scope="row">
                  <kbd>{k.keys}</kbd>
                </th>
                <td>{t(k.what)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
