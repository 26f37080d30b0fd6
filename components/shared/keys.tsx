/**
 * The browser's keyboard commands as it has bound them (`commands.getAll()`), one row each, for the
 * popup and the side panel's Settings: a command without a key says "not set" rather than
 * advertising a key the browser did not give it.
 */
import { t } from '../../lib/i18n.ts';
import type { CommandRow } from '../../lib/panel/keys.ts';

export function CommandKeys({
  commands,
  testId,
  class: cls,
}: {
  commands: readonly CommandRow[] | null;
  testId: string;
  class: string;
}) {
  return (
    <table class={cls} data-testid={testId}>
      <tbody>
        {(commands ?? []).map((c) => (
          <tr key={c.name} data-command={c.name}>
            <th scope="row">{c.description || c.name}</th>
            <td>
              {c.shortcut !== null ? (
                <kbd data-testid="command-key">{c.shortcut}</kbd>
              ) : (
                <span class="not-set" data-testid="command-not-set">
                  {t('keyNotSet')}
                </span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
