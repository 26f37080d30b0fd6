/**
 * `npm run check`'s last step: Mozilla's linter (`web-ext lint`, the checks addons.mozilla.org runs
 * on upload) over a fresh Firefox build.
 *
 * The build goes to a temporary directory (WXT's JS API with another `outDir`), so a check never
 * rewrites the `.output/firefox-mv2` that a running browser test has installed, and never lints a
 * stale one. The lint runs against `strict_min_version` (its compatibility data says which APIs and
 * manifest keys that Firefox lacks).
 *
 * Fails on any error, and on any warning not in {@link KNOWN_WARNINGS}: each of those is listed in
 * the README ("Releasing") with why it is safe, so a new one must be looked at and listed there too
 * (or fixed). Prints one line per warning and the counts.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'wxt';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** A message of `web-ext lint --output json`. */
interface LintMessage {
  code: string;
  message: string;
  file?: string;
  line?: number;
  column?: number;
}

interface LintReport {
  count: number;
  summary: { errors: number; warnings: number; notices: number };
  errors: LintMessage[];
  warnings: LintMessage[];
  notices: LintMessage[];
}

/**
 * Warnings looked at and listed in the README, by code, file and the code at the reported place
 * (`near`: the 200 characters before it), since the bundler names and splits chunks as it likes
 * (DOMPurify moved into a chunk the side panel and the library share). The reasons are in the
 * README.
 */
export const KNOWN_WARNINGS: ReadonlyArray<{ code: string; file: RegExp; near?: RegExp; why: string }> = [
  {
    code: 'UNSAFE_VAR_ASSIGNMENT',
    file: /^(content-scripts\/content\.js|chunks\/[\w-]+\.js)$/u,
    near: /dangerouslySetInnerHTML/u,
    why: "Preact's dangerouslySetInnerHTML branch; our code never passes that prop (eslint forbids it)",
  },
  {
    code: 'UNSAFE_VAR_ASSIGNMENT',
    file: /^chunks\/[\w-]+\.js$/u,
    near: /parseFromString\([^)]*\)\}catch\{\}if\(!\w+\|\|!\w+\.documentElement\)/u,
    why: "DOMPurify parsing a note's HTML into an inert document, before sanitising it",
  },
  {
    code: 'KEY_FIREFOX_ANDROID_UNSUPPORTED_BY_MIN_VERSION',
    file: /^manifest\.json$/u,
    why: 'data_collection_permissions needs Firefox for Android 142; PolicyLens is not offered for Android',
  },
];

/** The 200 characters of `file` before line `line`, column `column` (1-based). */
function codeBefore(dir: string, m: LintMessage): string {
  if (!m.file || !m.line) return '';
  try {
    const lines = readFileSync(join(dir, m.file), 'utf8').split('\n');
    const text =
      lines.slice(0, m.line - 1).join('\n') + '\n' + (lines[m.line - 1] ?? '').slice(0, m.column ?? 0);
    return text.slice(-200);
  } catch {
    return '';
  }
}

function known(dir: string, m: LintMessage): string | null {
  const k = KNOWN_WARNINGS.find(
    (w) => w.code === m.code && w.file.test(m.file ?? '') && (!w.near || w.near.test(codeBefore(dir, m))),
  );
  return k ? k.why : null;
}

async function main(): Promise<number> {
  const outDir = mkdtempSync(join(tmpdir(), 'policylens-lint-'));
  try {
    await build({ root: ROOT, browser: 'firefox', outDir, logger: quietLogger() });
    const sourceDir = join(outDir, 'firefox-mv2');
    const bin = join(ROOT, 'node_modules', '.bin', 'web-ext');
    const r = spawnSync(bin, ['lint', '--source-dir', sourceDir, '--output', 'json', '--no-input'], {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    let report: LintReport;
    try {
      report = JSON.parse(r.stdout) as LintReport;
    } catch {
      console.error(`web-ext lint gave no report (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
      return 1;
    }
    const where = (m: LintMessage) =>
      `${m.file ?? ''}${m.line ? `:${m.line}` : ''}${m.column ? `:${m.column}` : ''}`;
    let failed = false;
    for (const m of report.errors) {
      console.error(`web-ext lint error ${m.code} ${where(m)}: ${m.message}`);
      failed = true;
    }
    for (const m of report.warnings) {
      const why = known(sourceDir, m);
      if (why) {
        console.log(`web-ext lint warning ${m.code} ${where(m)} (known: ${why})`);
      } else {
        console.error(
          `web-ext lint warning ${m.code} ${where(m)}: ${m.message}\n  new: fix it, or list it in the README ` +
            '("Releasing") with why it is safe and add it to KNOWN_WARNINGS in scripts/lint-firefox.ts',
        );
        failed = true;
      }
    }
    const { errors, warnings, notices } = report.summary;
    console.log(`web-ext lint: ${errors} errors, ${warnings} warnings, ${notices} notices`);
    return failed ? 1 : 0;
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

/** WXT's logger with only warnings and errors (a check prints its findings, not the build's). */
function quietLogger() {
  const none = (): void => undefined;
  return {
    debug: none,
    log: none,
    info: none,
    success: none,
    box: none,
    warn: (...args: unknown[]) => console.warn(...args),
    error: (...args: unknown[]) => console.error(...args),
    fatal: (...args: unknown[]) => console.error(...args),
    level: 3,
  };
}

process.exitCode = await main();
