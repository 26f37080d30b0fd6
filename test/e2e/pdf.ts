/**
 * Reading the PDFs that Chromium prints (`page.pdf`) the way a reader sees them: every page rendered
 * to pixels by poppler's `pdftoppm` (Debian's poppler-utils), a different renderer from the one
 * that printed it, so that a test compares what lands on paper rather than what the page's DOM
 * says should. Fails, never skips, when poppler-utils is missing.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One rendered page: RGB bytes, row by row. */
export interface Raster {
  width: number;
  height: number;
  rgb: Buffer;
}

const INSTALL_HINT =
  'The print tests read PDFs with poppler-utils: install it with `apt-get install -y poppler-utils` (as root).';

/** Throws with install instructions when `pdftoppm` is not on the PATH. */
export function requirePoppler(): void {
  try {
    execFileSync('pdftoppm', ['-v'], { stdio: 'pipe' });
  } catch {
    throw new Error(`pdftoppm not found. ${INSTALL_HINT}`);
  }
}

/** Parses a binary PPM (`P6`, 8 bits per channel) as pdftoppm writes it. */
export function parsePpm(data: Buffer): Raster {
  // Header: magic, width, height, maxval, separated by whitespace, then one whitespace byte.
  const fields: string[] = [];
  let at = 0;
  while (fields.length < 4) {
    while (at < data.length && /\s/u.test(String.fromCharCode(data[at] as number))) at++;
    const start = at;
    while (at < data.length && !/\s/u.test(String.fromCharCode(data[at] as number))) at++;
    fields.push(data.toString('latin1', start, at));
  }
  const [magic, w, h, max] = fields;
  if (magic !== 'P6' || max !== '255') throw new Error(`not an 8-bit P6 PPM (${magic}, max ${max})`);
  const width = Number(w);
  const height = Number(h);
  const rgb = data.subarray(at + 1, at + 1 + width * height * 3);
  if (rgb.length !== width * height * 3) throw new Error('truncated PPM');
  return { width, height, rgb };
}

/** Every page of a PDF, rendered at `dpi`. */
export function rasterize(pdf: Buffer, dpi = 60): Raster[] {
  const dir = mkdtempSync(join(tmpdir(), 'policylens-pdf-'));
  try {
    const file = join(dir, 'in.pdf');
    writeFileSync(file, pdf);
    execFileSync('pdftoppm', ['-r', String(dpi), file, join(dir, 'page')], { stdio: 'pipe' });
    return readdirSync(dir)
      .filter((f) => f.endsWith('.ppm'))
      .sort()
      .map((f) => parsePpm(readFileSync(join(dir, f))));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** How two renderings of a document differ. */
export interface PrintDiff {
  /** Page counts. */
  pages: [number, number];
  /** Per page (of the shorter document): pixels whose colour differs by more than the tolerance. */
  changed: number[];
  /** The pixels of `b` that differ from `a`, as RGB triples (at most 10,000, for colour checks). */
  samples: Array<[number, number, number]>;
}

/**
 * Pixels that differ between two renderings: a channel apart by more than `tolerance` (anti-aliasing
 * of the same text by the same renderer does not differ at all; the tolerance only absorbs rounding).
 */
export function diffPrints(a: readonly Raster[], b: readonly Raster[], tolerance = 8): PrintDiff {
  const changed: number[] = [];
  const samples: Array<[number, number, number]> = [];
  for (let p = 0; p < Math.min(a.length, b.length); p++) {
    const x = a[p] as Raster;
    const y = b[p] as Raster;
    if (x.width !== y.width || x.height !== y.height) {
      changed.push(x.width * x.height);
      continue;
    }
    let n = 0;
    for (let i = 0; i < x.rgb.length; i += 3) {
      if (
        Math.abs((x.rgb[i] as number) - (y.rgb[i] as number)) > tolerance ||
        Math.abs((x.rgb[i + 1] as number) - (y.rgb[i + 1] as number)) > tolerance ||
        Math.abs((x.rgb[i + 2] as number) - (y.rgb[i + 2] as number)) > tolerance
      ) {
        n++;
        if (samples.length < 10_000)
          samples.push([y.rgb[i] as number, y.rgb[i + 1] as number, y.rgb[i + 2] as number]);
      }
    }
    changed.push(n);
  }
  return { pages: [a.length, b.length], changed, samples };
}
