/**
 * Reading a JSON file that someone handed us, as a hostile file may be written: the bytes are
 * checked as UTF-8 before any text is made of them, the JSON is parsed a slice at a time so that a
 * 100 MB file never holds a page's thread for long, and its shape is bounded before any of it is
 * read as data.
 *
 * - **Encoding** ({@link sniffJsonBytes}, {@link Utf8Checker}): JSON exchanged between systems is
 *   UTF-8 (RFC 8259 §8.1). A UTF-8 byte order mark is skipped (Windows tools write one); UTF-16 and
 *   UTF-32 (with or without their mark), compressed archives, binary data and invalid UTF-8 are
 *   refused with a message that says which, and where for invalid UTF-8. `TextDecoder` with
 *   `fatal: true` does the checking: `File.text()` would silently turn bad bytes into U+FFFD, so
 *   callers pass bytes.
 * - **Parsing** ({@link JsonSliceParser}): @streamparser/json's tokenizer and token parser, fed
 *   {@link PARSE_SLICE_CHARS} bytes per call, so the caller can yield between slices. One parser
 *   for every caller (the library page, the CLI, the tests), so they accept the same files.
 *   Nesting deeper than {@link MAX_JSON_DEPTH} is refused as the tokens arrive, before a deep
 *   structure is built (a file of ten million `[` would otherwise be ten million arrays).
 * - **Keys** ({@link findForbiddenKey}): `__proto__`, `constructor` and `prototype` never name a
 *   field of anything we read; a file that has one is refused, with the JSON path of the key. The
 *   parser stores `__proto__` as an own property (never through the prototype setter), so the check
 *   can run after parsing without the object having done harm.
 */
import { TokenParser, Tokenizer, TokenType } from '@streamparser/json';

/** The deepest nesting of arrays and objects a file may have (ours have 7; other tools' a few more). */
export const MAX_JSON_DEPTH = 64;

/**
 * Arrays and objects a file may hold in all (a W3C annotation has about ten; 250,000 of them fit).
 * A 100 MB file of `[]` would otherwise become millions of arrays in the page's memory.
 */
export const MAX_JSON_CONTAINERS = 3_000_000;

/** Bytes (or characters) the parser takes per slice (≈ 5–15 ms on this project's machine). */
export const PARSE_SLICE_CHARS = 128 * 1024;

/** Keys that could reach an object's prototype if code ever merged what was read. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** A problem with the file as a whole: a message for the reader, and where (a JSON path or byte). */
export class FileError extends Error {
  constructor(
    message: string,
    readonly where: string | null = null,
  ) {
    super(message);
    this.name = 'FileError';
  }
}

const MB = 1024 * 1024;

/** Bytes checked as UTF-8 per slice. */
export const UTF8_SLICE_BYTES = 1024 * 1024;

function hasPrefix(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

/** Whether `bytes` (from `from`, a character boundary) decode as UTF-8 up to `to`, a last partial character allowed. */
function utf8Prefix(bytes: Uint8Array, from: number, to: number): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(from, to), { stream: true });
    return true;
  } catch {
    return false;
  }
}

/**
 * The byte where UTF-8 decoding first fails inside `[from, to)`, `from` being a character boundary.
 * Decoding prefixes in stream mode (an incomplete last character is not an error there) fails from
 * some length on and never before, so a binary search finds the first bad byte.
 */
function firstInvalidUtf8Byte(bytes: Uint8Array, from: number, to: number): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (utf8Prefix(bytes, from, mid + 1)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * What the bytes of a would-be JSON file are, before any of them is decoded: the offset where
 * JSON text starts (3 after a UTF-8 byte order mark, else 0), or a {@link FileError} naming what
 * they are instead (too large, empty, UTF-16/32, compressed, binary). `maxBytes` bounds the file.
 */
export function sniffJsonBytes(bytes: Uint8Array, maxBytes: number): number {
  if (bytes.length > maxBytes) {
    throw new FileError(
      `the file is ${(bytes.length / MB).toFixed(1)} MB; at most ${(maxBytes / MB).toFixed(0)} MB can be imported`,
    );
  }
  if (bytes.length === 0) throw new FileError('the file is empty');
  if (hasPrefix(bytes, [0x00, 0x00, 0xfe, 0xff]) || hasPrefix(bytes, [0xff, 0xfe, 0x00, 0x00])) {
    throw new FileError('the file is UTF-32 text; JSON files must be UTF-8 (save it again as UTF-8)');
  }
  if (hasPrefix(bytes, [0xfe, 0xff]) || hasPrefix(bytes, [0xff, 0xfe])) {
    throw new FileError('the file is UTF-16 text; JSON files must be UTF-8 (save it again as UTF-8)');
  }
  if (hasPrefix(bytes, [0x1f, 0x8b])) throw new FileError('the file is gzip-compressed; unpack it first');
  if (hasPrefix(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    throw new FileError('the file is a zip archive; unpack it first');
  }
  // JSON text starts with an ASCII character; UTF-16 without a mark puts a zero byte beside it.
  const zero = bytes.subarray(0, 4096).indexOf(0);
  if (zero >= 0) {
    const utf16 = bytes.length >= 2 && (bytes[0] === 0 || bytes[1] === 0);
    throw new FileError(
      utf16
        ? 'the file looks like UTF-16 text (zero bytes between characters); JSON files must be UTF-8'
        : `the file holds binary data (a zero byte at byte ${zero}), not JSON text`,
      `byte ${zero}`,
    );
  }
  return hasPrefix(bytes, [0xef, 0xbb, 0xbf]) ? 3 : 0;
}

/**
 * Checks bytes as UTF-8 a slice at a time (`step()` returns true when done), with the position of
 * the first bad byte in the {@link FileError}. Nothing is kept of the decoded text: the parser reads
 * the bytes themselves.
 */
export class Utf8Checker {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  private offset: number;

  constructor(
    private readonly bytes: Uint8Array,
    start = 0,
    private readonly sliceBytes = UTF8_SLICE_BYTES,
  ) {
    this.offset = start;
  }

  get progress(): { done: number; total: number } {
    return { done: this.offset, total: this.bytes.length };
  }

  step(): boolean {
    const from = this.offset;
    const to = Math.min(this.bytes.length, from + this.sliceBytes);
    const last = to >= this.bytes.length;
    try {
      this.decoder.decode(this.bytes.subarray(from, to), { stream: !last });
    } catch {
      // Back up to the start of the character the slice may have begun inside.
      let begin = from;
      while (begin > 0 && from - begin < 3 && ((this.bytes[begin] ?? 0) & 0xc0) === 0x80) begin -= 1;
      const at = last && utf8Prefix(this.bytes, begin, to) ? to : firstInvalidUtf8Byte(this.bytes, begin, to);
      const where = at >= this.bytes.length ? 'the end of the file' : `byte ${at}`;
      throw new FileError(
        `the file is not valid UTF-8 (the first bad byte is at ${where}); it may be in another encoding such as GBK or Latin-1: save it again as UTF-8`,
        where,
      );
    }
    this.offset = to;
    return last;
  }
}

/** Text handed over as a string: only the UTF-8 mark to drop, and the size bound in characters. */
export function checkJsonString(text: string, maxChars: number): string {
  if (text.length > maxChars) {
    throw new FileError(`the file is too large; at most ${(maxChars / MB).toFixed(0)} MB can be imported`);
  }
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') throw new FileError('the file is empty');
  return body;
}

/** What a parser error says, in words for the reader (the library's own wording names its states). */
function parseMessage(e: unknown, base: number, lastToken: number): FileError {
  const raw = e instanceof Error ? e.message : String(e);
  if (/ended in the middle|ended in mid-parsing/iu.test(raw)) {
    return new FileError('the file ends in the middle of the JSON (is it cut short?)', 'the end of the file');
  }
  // The tokenizer says where; the token parser names the token, which began at `lastToken`.
  const at = /absolute position "?(\d+)"?/u.exec(raw);
  const where = `byte ${base + (at ? Number(at[1]) : lastToken)}`;
  const what = /Unexpected (?:[A-Z_]+ \()?"(.{1,12}?)"/u.exec(raw);
  const shown = what?.[1] ? ` (unexpected ${JSON.stringify(what[1])})` : '';
  return new FileError(`the file is not valid JSON at ${where}${shown}`, where);
}

/**
 * Parses one JSON text (UTF-8 bytes already checked, or a string) a slice at a time. `step()`
 * parses the next slice and returns true when the text is done; `value` is then the parsed value.
 * Errors are {@link FileError}s; positions are UTF-8 bytes from the start of the file.
 */
export class JsonSliceParser {
  private readonly tokenizer = new Tokenizer();
  private readonly tokens = new TokenParser();
  private depth = 0;
  private containers = 0;
  /** Where the last token began (the token parser's errors do not say). */
  private lastToken = 0;
  private offset: number;
  private done = false;
  private result: unknown = undefined;
  private got = false;

  /** `start`: where the JSON begins in `input` (after a byte order mark). */
  constructor(
    private readonly input: Uint8Array | string,
    private readonly start = 0,
    private readonly slice = PARSE_SLICE_CHARS,
    private readonly maxDepth = MAX_JSON_DEPTH,
    private readonly maxContainers = MAX_JSON_CONTAINERS,
  ) {
    this.offset = start;
    this.tokenizer.onToken = (t) => {
      this.lastToken = t.offset;
      if (t.token === TokenType.LEFT_BRACE || t.token === TokenType.LEFT_BRACKET) {
        this.depth += 1;
        this.containers += 1;
        if (this.depth > this.maxDepth) {
          const where = `byte ${this.start + t.offset}`;
          throw new FileError(
            `the file nests arrays and objects more than ${this.maxDepth} deep (at ${where})`,
            where,
          );
        }
        if (this.containers > this.maxContainers) {
          const where = `byte ${this.start + t.offset}`;
          throw new FileError(
            `the file holds more than ${this.maxContainers} arrays and objects (at ${where})`,
            where,
          );
        }
      } else if (t.token === TokenType.RIGHT_BRACE || t.token === TokenType.RIGHT_BRACKET) {
        this.depth -= 1;
      }
      this.tokens.write(t);
    };
    this.tokenizer.onEnd = () => {
      if (!this.tokens.isEnded) this.tokens.end();
    };
    this.tokens.onError = (e) => this.tokenizer.error(e);
    this.tokens.onEnd = () => {
      if (!this.tokenizer.isEnded) this.tokenizer.end();
    };
    this.tokens.onValue = ({ value, stack }) => {
      if (stack.length === 0) {
        this.result = value;
        this.got = true;
      }
    };
  }

  /** How far parsing is (bytes, or characters for a string), and the whole. */
  get progress(): { done: number; total: number } {
    return { done: this.offset, total: this.input.length };
  }

  get value(): unknown {
    return this.result;
  }

  step(): boolean {
    if (this.done) return true;
    const { input } = this;
    try {
      if (this.offset < input.length) {
        let end = Math.min(input.length, this.offset + this.slice);
        if (typeof input === 'string') {
          // A string slice never ends between the halves of a surrogate pair: the tokenizer
          // encodes each slice to UTF-8 and would see a lone half.
          const c = input.charCodeAt(end - 1);
          if (end < input.length && c >= 0xd800 && c <= 0xdbff) end -= 1;
          this.tokenizer.write(input.slice(this.offset, end));
        } else {
          this.tokenizer.write(input.subarray(this.offset, end));
        }
        this.offset = end;
      }
      if (this.offset >= input.length) {
        if (!this.tokenizer.isEnded) this.tokenizer.end();
        this.done = true;
        if (!this.got) throw new FileError('the file is empty: it holds no JSON value');
      }
    } catch (e) {
      this.done = true;
      if (e instanceof FileError) throw e;
      throw parseMessage(e, typeof input === 'string' ? 0 : this.start, this.lastToken);
    }
    return this.done;
  }
}

/** Parses a whole JSON text at once (small inputs, tests); the same parser as the sliced path. */
export function parseJsonText(text: string, maxDepth = MAX_JSON_DEPTH): unknown {
  const p = new JsonSliceParser(text, 0, Number.MAX_SAFE_INTEGER, maxDepth);
  while (!p.step());
  return p.value;
}

/** `$.a.b[3]`-style path of a key under `base`. */
export function childPath(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  return /^[A-Za-z_$][\w$]*$/u.test(key) ? `${base}.${key}` : `${base}[${JSON.stringify(key)}]`;
}

/**
 * The path of the first forbidden key in `value` (walked without recursion, arrays and objects
 * only), or null. `skip` leaves out one array (the annotations, checked one by one later).
 */
export function findForbiddenKey(value: unknown, base = '$', skip?: unknown): string | null {
  const stack: Array<{ v: unknown; path: string }> = [{ v: value, path: base }];
  while (stack.length > 0) {
    const { v, path } = stack.pop() as { v: unknown; path: string };
    if (v === skip && skip !== undefined) continue;
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) {
        const item: unknown = v[i];
        if (typeof item === 'object' && item !== null) stack.push({ v: item, path: childPath(path, i) });
      }
    } else if (typeof v === 'object' && v !== null) {
      for (const key of Object.keys(v)) {
        if (FORBIDDEN_KEYS.has(key)) return childPath(path, key);
        const item: unknown = (v as Record<string, unknown>)[key];
        if (typeof item === 'object' && item !== null) stack.push({ v: item, path: childPath(path, key) });
      }
    }
  }
  return null;
}
