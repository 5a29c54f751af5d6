/**
 * `imprint watch`: a live preview of the HTML edition on the loopback interface. A save re-renders
 * the page and the open browser tab reloads itself (server-sent events); PDF and EPUB are rebuilt
 * in the background, debounced, with one warm browser. A broken manuscript keeps the last good
 * page on screen and shows the problem over it.
 */
import { watch as watchFiles, type FSWatcher } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { openBrowser, type BrowserSession } from '../browser/browser.ts';
import { runBuild, type ResolvedBuildOptions } from '../build/build.ts';
import { defaultLayout, readManuscript } from '../manuscript/assemble.ts';
import { renderHtml } from '../html/render.ts';
import { formatReport } from '../cli/report.ts';
import { IMPRINT_VERSION } from '../version.ts';

/** Options of {@link watch}: the build's, plus where to listen. */
export interface WatchOptions extends Omit<ResolvedBuildOptions, 'browser' | 'onProgress'> {
  /** TCP port on 127.0.0.1; 0 picks a free one. */
  port: number;
  /** Milliseconds of quiet before PDF and EPUB are rebuilt. */
  backgroundDelay: number;
  /** One line per event (rendered, rebuilt, problems). */
  onEvent: (line: string) => void;
}

/** A running preview. */
export interface Preview {
  url: string;
  /** Resolves after the next page render that follows a file change (for tests and timing). */
  rendered(): Promise<void>;
  close(): Promise<void>;
}

const EVENTS_PATH = '/__imprint/events';
/** Quiet time after a file event before the preview renders. */
const SETTLE_MS = 20;

// Runs in the preview tab only: reloads on a new render, shows a build problem over the last good page.
const CLIENT_SCRIPT = `(() => {
  const events = new EventSource(${JSON.stringify(EVENTS_PATH)});
  events.addEventListener('reload', () => location.reload());
  events.addEventListener('problem', (event) => {
    let box = document.getElementById('imprint-problem');
    if (!box) {
      box = document.createElement('pre');
      box.id = 'imprint-problem';
      box.style.cssText = 'position:fixed;inset:auto 0 0 0;max-height:50vh;overflow:auto;margin:0;padding:1em;background:#fff3f3;color:#900;border-top:3px solid #900;font:14px/1.4 monospace;white-space:pre-wrap;z-index:9999';
      document.body.append(box);
    }
    box.textContent = JSON.parse(event.data);
  });
})();`;

/** Starts the preview server and the file watcher. */
export async function watch(options: WatchOptions): Promise<Preview> {
  const clients = new Set<ServerResponse>();
  let page = '<!doctype html><title>Imprint preview</title><p>Building…</p>';
  let waiting: Array<() => void> = [];

  const send = (event: string, data: string) => {
    for (const client of clients) client.write(`event: ${event}\ndata: ${data}\n\n`);
  };

  const render = async (): Promise<void> => {
    const started = performance.now();
    const read = await readManuscript(options.input, { allowRemote: options.allowRemote });
    const report = formatReport(read.files, { color: false });
    if (!read.manuscript) {
      options.onEvent(`preview not updated: the manuscript has problems\n${report}`);
      send('problem', JSON.stringify(report || 'The manuscript could not be read.'));
    } else {
      const { manuscript } = read;
      const rendered = await renderHtml(
        { matter: manuscript.matter, body: manuscript.body, chapters: manuscript.chapters, images: manuscript.images, imprintVersion: IMPRINT_VERSION },
        { size: options.paper, layout: options.layout ?? defaultLayout(manuscript), previewScript: CLIENT_SCRIPT },
      );
      page = rendered.html;
      send('reload', '""');
      options.onEvent(`preview rendered in ${Math.round(performance.now() - started)} ms${report ? `\n${report}` : ''}`);
    }
    const done = waiting;
    waiting = [];
    for (const resolve of done) resolve();
  };

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === EVENTS_PATH) {
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      response.write(': connected\n\n');
      clients.add(response);
      request.on('close', () => clients.delete(response));
      return;
    }
    if (url.pathname === '/' || url.pathname === '/index.html') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      response.end(page);
      return;
    }
    response.writeHead(404, { 'content-type': 'text/plain' });
    response.end('Not found: the preview serves only its page.');
  });
  // Loopback only: a preview of an unpublished manuscript is nobody else's business.
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', resolve);
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

  await render();

  // Background editions: debounced, one at a time, one warm browser.
  let browser: Promise<BrowserSession> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let building: Promise<void> | undefined;
  let again = false;
  const buildEditions = async (): Promise<void> => {
    if (building) {
      again = true;
      return;
    }
    building = (async () => {
      try {
        browser ??= openBrowser(undefined, options.pageTimeoutMs);
        const result = await runBuild({ ...options, browser: await browser, onProgress: () => undefined });
        const problems = formatReport(result.files, { color: false });
        options.onEvent(result.ok ? `rebuilt ${result.artifacts.map((artifact) => path.basename(artifact.path)).join(', ')}` : `editions not rebuilt\n${problems}`);
      } catch (error) {
        options.onEvent(`editions not rebuilt: ${(error as Error).message}`);
      }
    })();
    await building;
    building = undefined;
    if (again) {
      again = false;
      await buildEditions();
    }
  };
  const scheduleEditions = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void buildEditions(), options.backgroundDelay);
  };
  scheduleEditions();

  // Renders run one after another; a change during a render triggers one more.
  let rendering: Promise<void> | undefined;
  let dirty = false;
  const onChange = () => {
    scheduleEditions();
    if (rendering) {
      dirty = true;
      return;
    }
    rendering = (async () => {
      do {
        dirty = false;
        await render().catch((error: Error) => options.onEvent(`preview failed: ${error.message}`));
      } while (dirty);
      rendering = undefined;
    })();
  };

  let settle: NodeJS.Timeout | undefined;
  const watched = (await stat(options.input)).isDirectory() ? options.input : path.dirname(options.input);
  const outDir = path.resolve(options.outDir);
  const watcher: FSWatcher = watchFiles(watched, { recursive: true }, (_event, name) => {
    const changed = name ? path.resolve(watched, name.toString()) : undefined;
    // The editions written into an output folder inside the manuscript's must not trigger a render.
    if (changed && (changed === outDir || changed.startsWith(outDir + path.sep) || path.basename(changed).startsWith('.imprint-'))) return;
    // An editor's save is often several events (write, rename): wait for them to settle.
    clearTimeout(settle);
    settle = setTimeout(onChange, SETTLE_MS);
  });

  let closed: Promise<void> | undefined;
  return {
    url,
    rendered: () => new Promise<void>((resolve) => waiting.push(resolve)),
    close() {
      closed ??= (async () => {
        clearTimeout(timer);
        clearTimeout(settle);
        watcher.close();
        for (const client of clients) client.end();
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await stopped;
        await building?.catch(() => undefined);
        if (browser) await (await browser.catch(() => undefined))?.close();
      })();
      return closed;
    },
  };
}
