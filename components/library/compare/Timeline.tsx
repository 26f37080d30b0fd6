/**
 * The timeline as SVG: one lane per port over the years the corpus spans (2004 → 2024), each
 * document a circle at its date (hollow when the date is our reading), each set of deadlines a
 * diamond at its date (hollow when inferred), and under each document the number of instruments
 * that appear in that port for the first time there. The followed instrument's first appearance
 * in each port is ringed.
 *
 * Accessible: documents and deadlines are focusable buttons in reading order (lane by lane, by
 * date), each named in full (`<title>` and `aria-label`), Enter or Space shows them in the panel
 * below; the followed instrument's first appearances are also listed there as text.
 */
import { t } from '../../../lib/i18n.ts';
import {
  portLabel,
  type CompareTimeline,
  type TimelineDeadlines,
  type TimelineDocument,
  type TimelineLane,
} from '../../../lib/library/compare.ts';
import type { LabelLang } from '../../../lib/thesaurus/thesaurus.ts';
import { fitText } from './labels.ts';

const WIDTH = 980;
const LEFT = 176;
const RIGHT = 24;
const AXIS = 30;
const LANE = 84;
const FONT = 13;

/** What is chosen on the timeline: a document, or a port's deadlines on a date. */
export type TimelineMark = { kind: 'doc'; docId: string } | { kind: 'deadline'; port: string; date: string };

/** The route value of a mark (`doc:xiamen-2008`, `deadline:Changsha|2017-12-31`), and back. */
export function markValue(m: TimelineMark): string {
  return m.kind === 'doc' ? `doc:${m.docId}` : `deadline:${m.port}|${m.date}`;
}

export function parseMark(value: string): TimelineMark | null {
  if (value.startsWith('doc:') && value.length > 4) return { kind: 'doc', docId: value.slice(4) };
  const m = /^deadline:(.+)\|(\d{4}(?:-\d{2}){0,2})$/u.exec(value);
  return m ? { kind: 'deadline', port: m[1] as string, date: m[2] as string } : null;
}

export interface TimelineProps {
  timeline: CompareTimeline;
  lang: LabelLang;
  /** Accessible names of documents and deadlines (the view knows titles and counts). */
  docName(lane: TimelineLane, d: TimelineDocument): string;
  deadlineName(lane: TimelineLane, d: TimelineDeadlines): string;
  /** The followed instrument (its first appearances are ringed), or null. */
  follow: string | null;
  selected: TimelineMark | null;
  onSelect(mark: TimelineMark): void;
  titleId: string;
  helpId: string;
}

export function Timeline({
  timeline,
  lang,
  docName,
  deadlineName,
  follow,
  selected,
  onSelect,
  titleId,
  helpId,
}: TimelineProps) {
  const from = timeline.from;
  // The axis ends after the last year, so that a deadline on 31 December sits inside it.
  const to = timeline.to + 1;
  const plot = WIDTH - LEFT - RIGHT;
  const x = (year: number): number => LEFT + ((year - from) / Math.max(1, to - from)) * plot;
  const height = AXIS + timeline.lanes.length * LANE + AXIS;
  const years: number[] = [];
  for (let y = from; y <= to; y++) years.push(y);
  const labelEvery = plot / Math.max(1, to - from) < 32 ? 2 : 1;

  const key = (e: KeyboardEvent, mark: TimelineMark): void => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onSelect(mark);
    }
  };
  const isSelected = (m: TimelineMark): boolean => selected !== null && markValue(selected) === markValue(m);

  return (
    <svg
      class="compare-timeline"
      data-testid="compare-timeline"
      role="group"
      aria-labelledby={titleId}
      aria-describedby={helpId}
      width={WIDTH}
      height={height}
      viewBox={`0 0 ${WIDTH} ${height}`}
    >
      <g class="timeline-axis" aria-hidden="true">
        {years.map((y) => (
          <g key={y}>
            <line x1={x(y)} x2={x(y)} y1={AXIS - 4} y2={height - AXIS + 4} class="year-line" />
            {(y - from) % labelEvery === 0 && y < to ? (
              <>
                <text x={x(y + 0.5)} y={AXIS - 10} text-anchor="middle" class="year-label">
                  {y}
                </text>
                <text x={x(y + 0.5)} y={height - 10} text-anchor="middle" class="year-label">
                  {y}
                </text>
              </>
            ) : null}
          </g>
        ))}
      </g>
      {timeline.lanes.map((lane, i) => {
        const top = AXIS + i * LANE;
        const mid = top + LANE / 2;
        const ringed = follow ? lane.first.get(follow) : undefined;
        return (
          <g key={lane.port} class="timeline-lane" data-testid="timeline-lane" data-port={lane.port}>
            <rect x={0} y={top} width={WIDTH} height={LANE} class={`lane-band ${i % 2 ? 'odd' : 'even'}`} />
            <text x={8} y={mid + 4} class="lane-label" aria-hidden="true">
              {fitText(portLabel(lane, lang), FONT, LEFT - 28)}
            </text>
            {follow && ringed === undefined ? (
              <text x={WIDTH - RIGHT} y={top + 16} text-anchor="end" class="lane-absent" aria-hidden="true">
                {t('compareNotUsedHere')}
              </text>
            ) : null}
            {lane.deadlines.map((d) => {
              const mark: TimelineMark = { kind: 'deadline', port: lane.port, date: d.date };
              const cx = x(d.at);
              const cy = mid + 20;
              const name = deadlineName(lane, d);
              const all = d.inferred === d.measureIds.length;
              return (
                <g
                  key={d.date}
                  role="button"
                  tabindex={0}
                  class={`timeline-deadline${isSelected(mark) ? ' selected' : ''}${all ? ' inferred' : ''}`}
                  aria-label={name}
                  aria-pressed={isSelected(mark) ? 'true' : 'false'}
                  data-testid="timeline-deadline"
                  data-port={lane.port}
                  data-date={d.date}
                  data-count={d.measureIds.length}
                  onClick={() => onSelect(mark)}
                  onKeyDown={(e) => key(e, mark)}
                >
                  <title>{name}</title>
                  <path
                    d={`M ${cx} ${cy - 8} L ${cx + 8} ${cy} L ${cx} ${cy + 8} L ${cx - 8} ${cy} Z`}
                    class="deadline-shape"
                  />
                  <text x={cx - 12} y={cy + 4} text-anchor="end" class="deadline-count" aria-hidden="true">
                    {d.measureIds.length}
                  </text>
                  <path
                    d={`M ${cx} ${cy - 12} L ${cx + 12} ${cy} L ${cx} ${cy + 12} L ${cx - 12} ${cy} Z`}
                    class="mark-ring"
                  />
                </g>
              );
            })}
            {lane.documents.map((d) => {
              const mark: TimelineMark = { kind: 'doc', docId: d.docId };
              const cx = x(d.at);
              const cy = mid - 14;
              const name = docName(lane, d);
              return (
                <g
                  key={d.docId}
                  role="button"
                  tabindex={0}
                  class={`timeline-doc${isSelected(mark) ? ' selected' : ''}${d.dateInferred ? ' inferred' : ''}`}
                  aria-label={name}
                  aria-pressed={isSelected(mark) ? 'true' : 'false'}
                  data-testid="timeline-doc"
                  data-doc={d.docId}
                  data-firsts={d.firsts.length}
                  onClick={() => onSelect(mark)}
                  onKeyDown={(e) => key(e, mark)}
                >
                  <title>{name}</title>
                  {ringed === d.docId ? (
                    <circle cx={cx} cy={cy} r={14} class="first-ring" data-testid="first-ring" />
                  ) : null}
                  <circle cx={cx} cy={cy} r={8} class="doc-shape" />
                  <text x={cx} y={cy - 14} text-anchor="middle" class="doc-year" aria-hidden="true">
                    {d.dateInferred ? `≈${d.date}` : d.date}
                  </text>
                  <text x={cx + 14} y={cy + 4} class="doc-firsts" aria-hidden="true">
                    {`+${d.firsts.length}`}
                  </text>
                  <circle cx={cx} cy={cy} r={18} class="mark-ring" />
                </g>
              );
            })}
          </g>
        );
      })}
    </svg>
  );
}

/** The timeline's key: what each shape means. */
export function TimelineLegend() {
  return (
    <ul class="timeline-legend" data-testid="timeline-legend">
      <li>
        <svg width="20" height="20" aria-hidden="true">
          <circle cx="10" cy="10" r="7" class="doc-shape" />
        </svg>
        {t('compareLegendDocument')}
      </li>
      <li>
        <svg width="20" height="20" aria-hidden="true">
          <circle cx="10" cy="10" r="7" class="doc-shape hollow" />
        </svg>
        {t('compareLegendInferred')}
      </li>
      <li>
        <svg width="20" height="20" aria-hidden="true">
          <path d="M 10 3 L 17 10 L 10 17 L 3 10 Z" class="deadline-shape" />
        </svg>
        {t('compareLegendDeadline')}
      </li>
      <li>
        <svg width="20" height="20" aria-hidden="true">
          <text x="1" y="15" class="doc-firsts">
            +n
          </text>
        </svg>
        {t('compareLegendFirsts')}
      </li>
      <li>
        <svg width="20" height="20" aria-hidden="true">
          <circle cx="10" cy="10" r="8" class="first-ring" />
        </svg>
        {t('compareLegendFollowed')}
      </li>
    </ul>
  );
}
