/**
 * A small HTTP server for the browser tests' pages, on 127.0.0.1 at a free port. Chromium started
 * with {@link GOV_HOST_RULES} reaches it under any `*.gov.cn` host name, where the manifest's
 * content script runs as it would on the real sites: `url('www.dalian.gov.cn', '/dalian-2023.hans.html')`.
 *
 * It serves flat file names (no directories, no `..`) from its directories, first match wins
 * (default: `test/fixtures/pages/`, then `test/fixtures/pages-e2e/`), and pages a test makes up on
 * the fly (`made`), which are asked first. Everything is sent with `cache-control: no-store`.
 */
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The seed and non-trade fixture pages (shared with the unit tests: do not change them here). */
export const PAGES_DIR = fileURLToPath(new URL('../fixtures/pages/', import.meta.url));

/** Pages made for the browser tests only. */
export const PAGES_E2E_DIR = fileURLToPath(new URL('../fixtures/pages-e2e/', import.meta.url));

/** The Chromium switch that sends every `*.gov.cn` host to the local server. */
export const GOV_HOST_RULES = '--host-resolver-rules=MAP *.gov.cn 127.0.0.1';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

export interface PagesServerOptions {
  /** Directories to serve files from, first match wins (default: fixtures/pages, then pages-e2e). */
  dirs?: readonly string[];
  /**
   * Pages made up by the test: the HTML for a path (decoded, with its leading `/`), or null to
   * fall through to the files. Gets the server's port, for pages that link to other hosts.
   */
  made?: (path: string, port: number) => string | null;
}

/** A running server. */
export interface PagesServer {
  port: number;
  /** `http://<host>:<port><path>`. */
  url(host: string, path: string): string;
  close(): Promise<void>;
}

/** Starts the server; resolves once it listens. */
export async function startPagesServer(options: PagesServerOptions = {}): Promise<PagesServer> {
  const dirs = options.dirs ?? [PAGES_DIR, PAGES_E2E_DIR];
  let port = 0;
  const server = createServer((req, res) => {
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    const headers = (type: string) => ({ 'content-type': type, 'cache-control': 'no-store' });
    const made = options.made?.(path, port) ?? null;
    if (made !== null) {
      res.writeHead(200, headers(TYPES['.html'] as string));
      res.end(made);
      return;
    }
    const name = path.replace(/^\/+/, '');
    const type = TYPES[extname(name)];
    if (!/^[\w.-]+$/.test(name) || name.startsWith('.') || !type) {
      res.writeHead(404).end();
      return;
    }
    void (async () => {
      for (const dir of dirs) {
        try {
          const body = await readFile(join(dir, name));
          res.writeHead(200, headers(type));
          res.end(body);
          return;
        } catch {
          // Not in this directory: try the next.
        }
      }
      res.writeHead(404).end();
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    port,
    url: (host, path) => `http://${host}:${port}${path.startsWith('/') ? path : `/${path}`}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
