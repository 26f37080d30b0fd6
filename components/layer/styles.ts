/**
 * All CSS of the overlay: it lives in the host's shadow root (see `lib/layer/host.ts`, which adds
 * the `:host` reset), so page styles cannot restyle badges or cards and these rules cannot touch
 * the page. Sizes are in px, not rem: rem would follow the page's root font size.
 */
import { BADGE_SIZE } from '../../lib/layer/position.ts';

/** Width of a card in CSS pixels (also used to keep it inside the viewport). */
export const CARD_WIDTH = 380;

/**
 * The keyboard's pieces (see `view.tsx`): text read but not shown (a badge's name), the badge's
 * mark, and "skip to measures", out of sight until it has focus and then at the window's top left
 * whatever the page's scroll (fixed: both hosts are untransformed). Never printed.
 */
export const KEYBOARD_CSS = `
.sr-only {
  position: absolute;
  width: 1px;
  height: 1px;
  margin: -1px;
  padding: 0;
  overflow: hidden;
  clip-path: inset(50%);
  white-space: nowrap;
  border: 0;
}
.glyph { pointer-events: none; }
.skip {
  position: fixed;
  top: 8px;
  left: 8px;
  z-index: 2147483647;
  max-width: min(520px, calc(100vw - 16px));
  margin: 0;
  padding: 8px 12px;
  font: 600 14px/1.4 system-ui, -apple-system, "Segoe UI", "PingFang SC", "Microsoft YaHei",
    "Noto Sans CJK SC", "Noto Sans CJK TC", sans-serif;
  text-align: left;
  color: #fff;
  background: #0b6e4f;
  border: 2px solid #fff;
  border-radius: 6px;
  box-shadow: 0 4px 12px rgba(15, 23, 42, 0.3);
  cursor: pointer;
  pointer-events: auto;
  transform: translateY(calc(-100% - 24px));
}
.skip:focus { transform: none; outline: 3px solid #f59e0b; outline-offset: 2px; }
@media print { .skip { display: none !important; } }
`;

export const OVERLAY_CSS = `
.root {
  position: absolute;
  top: 0;
  left: 0;
  width: 0;
  height: 0;
  font: 13px/1.5 system-ui, -apple-system, "Segoe UI", "PingFang SC", "Hiragino Sans GB",
    "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans CJK TC", sans-serif;
  color: #1f2933;
  text-align: left;
  direction: ltr;
  letter-spacing: normal;
  word-spacing: normal;
  text-transform: none;
  white-space: normal;
}
*, *::before, *::after { box-sizing: border-box; }
[hidden] { display: none !important; }
.badge {
  position: absolute;
  width: ${BADGE_SIZE}px;
  height: ${BADGE_SIZE}px;
  margin: 0;
  padding: 0;
  border: 1px solid #0b6e4f;
  border-radius: 50%;
  background: #0b6e4f;
  color: #fff;
  font: 600 11px/1 system-ui, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif;
  display: flex;
  align-items: center;
  justify-content: center;
  cursor: pointer;
  pointer-events: auto;
  box-shadow: 0 1px 2px rgba(0, 0, 0, 0.25);
  opacity: 0.9;
}
.badge:hover, .badge[aria-expanded="true"] { opacity: 1; transform: scale(1.1); }
.badge:focus-visible { outline: 2px solid #f59e0b; outline-offset: 2px; }
.badge.unmatched {
  background: #fff;
  color: #52606d;
  border: 1px dashed #7b8794;
  box-shadow: none;
  opacity: 0.8;
}
.card {
  position: absolute;
  width: ${CARD_WIDTH}px;
  max-width: calc(100vw - 16px);
  overflow: auto;
  overscroll-behavior: contain;
  pointer-events: auto;
  background: #fff;
  border: 1px solid #cbd2d9;
  border-radius: 8px;
  box-shadow: 0 8px 24px rgba(15, 23, 42, 0.18);
  padding: 12px 14px 14px;
}
.card:focus { outline: none; }
.card:focus-visible { outline: 2px solid #f59e0b; }
.card-head { display: flex; align-items: center; justify-content: space-between; gap: 8px; margin-bottom: 4px; }
.card-brand { font-size: 11px; color: #0b6e4f; font-weight: 600; letter-spacing: 0.02em; }
.card-close {
  border: 0;
  background: transparent;
  font: 18px/1 system-ui, sans-serif;
  color: #52606d;
  cursor: pointer;
  padding: 2px 6px;
  border-radius: 4px;
}
.card-close:hover, .card-close:focus-visible { background: #f0f4f8; color: #1f2933; }
.card-title { font-size: 15px; font-weight: 600; line-height: 1.45; margin: 0 0 8px; color: #102a43; }
.card-fields { display: grid; grid-template-columns: max-content 1fr; gap: 3px 10px; margin: 0 0 10px; }
.card-fields dt { color: #627d98; font-weight: 500; margin: 0; }
.card-fields dd { margin: 0; min-width: 0; overflow-wrap: anywhere; }
.note { color: #829ab1; font-size: 12px; }
/* Text for copying only (brackets around a tag, separators between chips): read, not seen. */
.copy-only {
  position: absolute;
  width: 1px;
  height: 1px;
  margin: -1px;
  padding: 0;
  overflow: hidden;
  clip: rect(0 0 0 0);
  white-space: pre;
  border: 0;
}
.inferred {
  display: inline-block;
  position: relative;
  cursor: help;
  padding: 0 5px;
  border: 1px solid #f0b429;
  border-radius: 3px;
  color: #8d5b00;
  background: #fffbea;
  font-size: 11px;
  line-height: 16px;
}
.chips { display: flex; flex-wrap: wrap; gap: 4px; margin: 0; padding: 0; list-style: none; }
.chip-item { position: relative; }
.chip { padding: 0 6px; border-radius: 10px; background: #e6f6f0; color: #0b5c42; font-size: 12px; }
.chip.why { background: #f0f4f8; color: #334e68; }
.limits { margin: 0; padding: 0; list-style: none; }
.limits li + li { margin-top: 2px; }
.limit { color: #0b6e4f; font-weight: 600; margin-left: 6px; }
.excerpt { margin: 0 0 8px; padding: 6px 8px; border-left: 3px solid #bcccdc; background: #f5f7fa; color: #334e68; font-size: 12px; line-height: 1.5; white-space: pre-wrap; overflow-wrap: anywhere; }
.section-title { font-size: 12px; font-weight: 600; color: #334e68; margin: 10px 0 2px; text-transform: none; }
.help { margin: 0 0 6px; color: #829ab1; font-size: 11px; line-height: 1.4; }
.related-section + .related-section { margin-top: 8px; }
.related-section-title { font-size: 11px; font-weight: 600; color: #486581; margin: 6px 0 4px; text-transform: uppercase; letter-spacing: 0.03em; }
.related-group + .related-group { margin-top: 6px; }
.group-title { font-size: 12px; font-weight: 600; color: #0b5c42; margin: 0 0 3px; cursor: help; }
.related-number { font-weight: 600; color: #334e68; }
.related-list { margin: 0; padding: 0; list-style: none; display: grid; gap: 6px; }
.related {
  display: block;
  width: 100%;
  text-align: left;
  font: inherit;
  color: inherit;
  background: #f8fafc;
  border: 1px solid #e4e7eb;
  border-radius: 6px;
  padding: 6px 8px;
  cursor: pointer;
}
.related:hover, .related:focus-visible { border-color: #0b6e4f; background: #f0fbf6; outline: none; }
.related-meta { display: block; font-size: 11px; color: #627d98; }
.related-title { display: block; margin: 1px 0 4px; color: #102a43; }
.score { display: flex; align-items: center; gap: 6px; margin-bottom: 4px; }
.bar { flex: 1; height: 4px; border-radius: 2px; background: #e4e7eb; overflow: hidden; }
.bar > span { display: block; height: 100%; background: #0b6e4f; }
.score-value { font-size: 11px; color: #486581; min-width: 3em; text-align: right; }
.empty { color: #829ab1; margin: 0; }
.unmatched-title { color: #52606d; }
.card-actions { display: flex; gap: 8px; margin-top: 10px; padding-top: 8px; border-top: 1px solid #e4e7eb; }
.card-action {
  font: inherit;
  font-size: 12px;
  color: #0b5c42;
  background: #f0fbf6;
  border: 1px solid #9fd8c2;
  border-radius: 5px;
  padding: 3px 10px;
  cursor: pointer;
}
.card-action:hover, .card-action:focus-visible { background: #d9f2e7; outline: 2px solid #0b6e4f; outline-offset: 1px; }
.card-actions { align-items: center; flex-wrap: wrap; }
.card-status { font-size: 12px; color: #0b5c42; }
.card-status.error { color: #8a1c1c; }
.sel-toolbar {
  position: absolute;
  display: flex;
  align-items: center;
  gap: 4px;
  padding: 4px 6px;
  pointer-events: auto;
  background: #fff;
  border: 1px solid #cbd2d9;
  border-radius: 6px;
  box-shadow: 0 4px 12px rgba(15, 23, 42, 0.18);
}
.swatch {
  width: 20px;
  height: 20px;
  margin: 0;
  padding: 0;
  border: 1px solid rgba(0, 0, 0, 0.35);
  border-radius: 50%;
  cursor: pointer;
}
.swatch:hover, .swatch:focus-visible { outline: 2px solid #102a43; outline-offset: 1px; }
.note-button {
  font: inherit;
  font-size: 12px;
  margin-left: 2px;
  padding: 1px 8px;
  color: #102a43;
  background: #f0f4f8;
  border: 1px solid #bcccdc;
  border-radius: 4px;
  cursor: pointer;
}
.note-button:hover, .note-button:focus-visible { background: #d9e2ec; outline: 2px solid #102a43; outline-offset: 1px; }
.marker {
  position: absolute;
  width: 10px;
  height: 10px;
  margin: 0;
  padding: 0;
  border: 2px solid #fff;
  border-radius: 50%;
  background: #334e68;
  box-shadow: 0 0 0 1px #334e68;
  cursor: pointer;
  pointer-events: auto;
}
.marker:focus-visible { outline: 2px solid #f59e0b; outline-offset: 2px; }
.notice {
  position: absolute;
  display: flex;
  gap: 8px;
  align-items: flex-start;
  width: max-content;
  max-width: min(360px, calc(100vw - 32px));
  padding: 8px 10px;
  pointer-events: auto;
  border-radius: 6px;
  font-size: 12px;
  line-height: 1.5;
  box-shadow: 0 4px 12px rgba(15, 23, 42, 0.18);
}
.notice.error { background: #fff5f5; color: #8a1c1c; border: 1px solid #e6a5a5; }
.notice.info { background: #f0fbf6; color: #0b5c42; border: 1px solid #9fd8c2; }
.notice-close { border: 0; background: transparent; color: inherit; font: 16px/1 system-ui, sans-serif; cursor: pointer; padding: 0 2px; }
@media print { .root { display: none !important; } }
`;
