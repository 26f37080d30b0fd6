/**
 * The port × instrument matrix as SVG: one row per instrument (grouped under its field), one column
 * per port, each cell shaded by how many of the port's measures use the instrument and labelled
 * with that number, so the shade is never the only cue.
 *
 * Accessible: every cell is a focusable button named in full by its `<title>` and `aria-label`
 * ("Dalian · Round-the-clock clearance: 3 measures"), with `aria-pressed` on the chosen one. One
 * cell is in the tab order (roving tabindex); arrow keys move between cells, Home/End to the ends
 * of a row, Ctrl+Home/End to the first and last cell, Page Up/Down by ten rows, Enter or Space
 * lists the cell's measures.
 *
 * The palette is ColorBrewer's sequential Blues (readable under the common colour-vision
 * deficiencies, one hue getting darker), five steps by the share of the largest cell.
 */
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { t } from '../../../lib/i18n.ts';
import {
  cellKey,
  portLabel,
  shadeStep,
  type CompareInstrument,
  type CompareMatrix,
} from '../../../lib/library/compare.ts';
import type { LabelLang } from '../../../lib/thesaurus/thesaurus.ts';
import { fitText, instrumentName, textWidth } from './labels.ts';

/** Fill of each shade step (0: empty), and the ink that reads on it. */
export const SHADES = ['none', '#deebf7', '#9ecae1', '#6baed6', '#3182bd', '#08519c'] as const;
const INK = ['currentColor', '#0b1a2a', '#0b1a2a', '#0b1a2a', '#ffffff', '#ffffff'] as const;

const ROW = 26;
const FIELD_ROW = 30;
const COL = 96;
const HEAD = 44;
const FONT = 13;
const GAP = 12;
const TOTAL = 44;

/** A column header in one line, or two when it is too wide (`Hangzhou /` `Ningbo`), each fitted. */
function headerLines(text: string, max: number): string[] {
  if (textWidth(text, FONT) <= max) return [text];
  const cut = text.includes(' / ')
    ? text.indexOf(' / ') + 2
    : text.includes('、')
      ? text.indexOf('、') + 1
      : text.lastIndexOf(' ');
  if (cut <= 0) return [fitText(text, FONT, max)];
  return [fitText(text.slice(0, cut).trim(), FONT, max), fitText(text.slice(cut).trim(), FONT, max)];
}

/** The accessible name of a cell. */
export function cellName(port: string, instrument: string, count: number): string {
  if (count === 0) return t('compareCellNone', port, instrument);
  if (count === 1) return t('compareCellOne', port, instrument);
  return t('compareCellMany', port, instrument, count);
}

export interface MatrixProps {
  matrix: CompareMatrix;
  /** The rows shown (filtered), in matrix order. */
  rows: readonly CompareInstrument[];
  lang: LabelLang;
  /** The chosen cell, if any. */
  selected: { port: string; instrument: string } | null;
  onSelect(port: string, instrument: string): void;
  titleId: string;
  helpId: string;
}

export function Matrix({ matrix, rows, lang, selected, onSelect, titleId, helpId }: MatrixProps) {
  const svgRef = useRef<SVGSVGElement>(null);
  const ports = matrix.ports;
  const startAt = (): { r: number; c: number } => {
    if (selected) {
      const r = rows.findIndex((x) => x.id === selected.instrument);
      const c = ports.findIndex((p) => p.port === selected.port);
      if (r >= 0 && c >= 0) return { r, c };
    }
    return { r: 0, c: 0 };
  };
  const [active, setActive] = useState(startAt);
  const [moved, setMoved] = useState(false);
  const r0 = Math.min(active.r, Math.max(0, rows.length - 1));
  const c0 = Math.min(active.c, Math.max(0, ports.length - 1));

  // Keys move focus to the new active cell (after it is rendered with tabindex 0).
  useLayoutEffect(() => {
    if (!moved) return;
    setMoved(false);
    svgRef.current?.querySelector<SVGGElement>(`[data-cell="${r0},${c0}"]`)?.focus();
  }, [moved, r0, c0]);

  const labels = rows.map((r) => instrumentName(r, lang));
  const longest = Math.max(120, ...labels.map((l) => textWidth(l, FONT)));
  const labelWidth = Math.min(320, longest + 8);
  const width = labelWidth + GAP + ports.length * COL + TOTAL;

  // Rows with the field headers between them.
  let y = HEAD;
  let field: string | null | undefined;
  const laid: Array<{ kind: 'field'; y: number; text: string } | { kind: 'row'; y: number; r: number }> = [];
  rows.forEach((row, r) => {
    const f = row.field?.id ?? null;
    if (f !== field) {
      field = f;
      laid.push({ kind: 'field', y, text: row.field ? row.field.labels[lang] : t('compareNoField') });
      y += FIELD_ROW;
    }
    laid.push({ kind: 'row', y, r });
    y += ROW;
  });
  const height = y + 8;

  const onKeyDown = (e: KeyboardEvent): void => {
    const n = rows.length;
    const m = ports.length;
    if (n === 0 || m === 0) return;
    let r = r0;
    let c = c0;
    switch (e.key) {
      case 'ArrowDown':
        r = Math.min(n - 1, r + 1);
        break;
      case 'ArrowUp':
        r = Math.max(0, r - 1);
        break;
      case 'ArrowRight':
        c = Math.min(m - 1, c + 1);
        break;
      case 'ArrowLeft':
        c = Math.max(0, c - 1);
        break;
      case 'Home':
        c = 0;
        if (e.ctrlKey || e.metaKey) r = 0;
        break;
      case 'End':
        c = m - 1;
        if (e.ctrlKey || e.metaKey) r = n - 1;
        break;
      case 'PageDown':
        r = Math.min(n - 1, r + 10);
        break;
      case 'PageUp':
        r = Math.max(0, r - 10);
        break;
      case 'Enter':
      case ' ': {
        e.preventDefault();
        const row = rows[r];
        const port = ports[c];
        if (row && port) onSelect(port.port, row.id);
        return;
      }
      default:
        return;
    }
    e.preventDefault();
    setActive({ r, c });
    setMoved(true);
  };

  return (
    <svg
      ref={svgRef}
      class="compare-matrix"
      data-testid="compare-matrix"
      role="group"
      aria-labelledby={titleId}
      aria-describedby={helpId}
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      onKeyDown={onKeyDown}
    >
      <g class="matrix-cols" aria-hidden="true">
        {ports.map((p, c) => {
          const cx = labelWidth + GAP + c * COL + COL / 2;
          const lines = headerLines(portLabel(p, lang), COL - 6);
          return (
            <text
              key={p.port}
              x={cx}
              y={HEAD - 12 - (lines.length - 1) * 15}
              text-anchor="middle"
              class="matrix-col"
            >
              {lines.map((line, i) => (
                <tspan key={i} x={cx} dy={i === 0 ? 0 : 15}>
                  {line}
                </tspan>
              ))}
            </text>
          );
        })}
        <text x={width - 4} y={HEAD - 12} text-anchor="end" class="matrix-total-head">
          {t('compareTotal')}
        </text>
      </g>
      {laid.map((item) => {
        if (item.kind === 'field') {
          return (
            <text key={`f${item.y}`} x={0} y={item.y + FIELD_ROW - 9} class="matrix-field" aria-hidden="true">
              {fitText(item.text, FONT, width)}
            </text>
          );
        }
        const row = rows[item.r] as CompareInstrument;
        const label = labels[item.r] as string;
        return (
          <g key={row.id} class="matrix-row" data-instrument={row.id}>
            <text
              x={labelWidth}
              y={item.y + ROW / 2 + 4}
              text-anchor="end"
              class="matrix-label"
              aria-hidden="true"
            >
              <title>{lang === 'en' ? `${label}: ${row.definition}` : label}</title>
              {fitText(label, FONT, labelWidth - 4)}
            </text>
            {ports.map((p, c) => {
              const ids = matrix.cells.get(cellKey(p.port, row.id)) ?? [];
              const step = shadeStep(ids.length, matrix.max, SHADES.length - 1);
              const name = cellName(portLabel(p, lang), label, ids.length);
              const isSelected = selected?.port === p.port && selected.instrument === row.id;
              const x = labelWidth + GAP + c * COL;
              return (
                <g
                  key={p.port}
                  role="button"
                  class={`matrix-cell${isSelected ? ' selected' : ''}`}
                  // Lower case: Preact sets SVG props as attributes, and SVG attribute names are
                  // case-sensitive (a `tabIndex` attribute makes nothing focusable).
                  tabindex={item.r === r0 && c === c0 ? 0 : -1}
                  aria-label={name}
                  aria-pressed={isSelected ? 'true' : 'false'}
                  data-testid="matrix-cell"
                  data-cell={`${item.r},${c}`}
                  data-port={p.port}
                  data-instrument={row.id}
                  data-count={ids.length}
                  onClick={() => {
                    setActive({ r: item.r, c });
                    onSelect(p.port, row.id);
                  }}
                  onFocus={() => {
                    if (item.r !== r0 || c !== c0) setActive({ r: item.r, c });
                  }}
                >
                  <title>{name}</title>
                  <rect
                    class={`cell-fill shade-${step}`}
                    x={x + 1}
                    y={item.y + 1}
                    width={COL - 2}
                    height={ROW - 2}
                    rx={3}
                    fill={step === 0 ? 'none' : SHADES[step]}
                  />
                  {ids.length > 0 ? (
                    <text
                      x={x + COL / 2}
                      y={item.y + ROW / 2 + 4}
                      text-anchor="middle"
                      class="cell-count"
                      style={{ fill: INK[step] }}
                      aria-hidden="true"
                    >
                      {ids.length}
                    </text>
                  ) : null}
                  <rect class="cell-ring" x={x + 1} y={item.y + 1} width={COL - 2} height={ROW - 2} rx={3} />
                </g>
              );
            })}
            <text
              x={width - 4}
              y={item.y + ROW / 2 + 4}
              text-anchor="end"
              class="matrix-total"
              aria-hidden="true"
            >
              {row.total}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** The shade legend: what each step stands for, as counts. */
export function MatrixLegend({ max }: { max: number }) {
  const steps = SHADES.length - 1;
  const items: Array<{ step: number; from: number; to: number }> = [];
  for (let s = 1; s <= steps; s++) {
    // Counts c with ceil(c / max * steps) = s.
    const from = Math.floor(((s - 1) * max) / steps) + 1;
    const to = Math.floor((s * max) / steps);
    if (to >= from) items.push({ step: s, from, to });
  }
  return (
    <p class="matrix-legend" data-testid="matrix-legend">
      <span>{t('compareLegend')}</span>
      {items.map((i) => (
        <span key={i.step} class="legend-item">
          <svg width="18" height="14" aria-hidden="true">
            <rect x="1" y="1" width="16" height="12" rx="2" fill={SHADES[i.step]} />
          </svg>
          {i.from === i.to ? String(i.from) : `${i.from}–${i.to}`}
        </span>
      ))}
    </p>
  );
}
