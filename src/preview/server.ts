/**
 * The preview's web server, on the loopback interface only (a preview of an unpublished
 * manuscript is nobody else's business): the page, and server-sent events that make the open tab
 * reload after a render or show a build problem over the last good page.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const EVENTS_PATH = '/__imprint/events';

/** Runs in the preview tab only: reloads on a new render, shows a build problem over the last good page. */
export const CLIENT_SCRIPT = `(() => {
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

/** A running preview server. */
export interface PreviewServer {
  url: string;
  /** Serves `html` from now on and tells the open tabs to reload. */
  show(html: string): void;
  /** Shows a problem over the page in the open tabs. */
  problem(text: string): void;
  close(): Promise<void>;
}

/** Starts the server on 127.0.0.1:`port` (0 picks a free one), serving `initial` until the first render. */
export async function startPreviewServer(port: number, initial: string): Promise<PreviewServer> {
  const clients = new Set<ServerResponse>();
  let page = initial;
  const send = (event: string, data: string) => {
    for (const client of clients) client.write(`event: ${event}\ndata: ${data}\n\n`);
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
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    show(html) {
      page = html;
      send('reload', '""');
    },
    problem: (text) => send('problem', JSON.stringify(text)),
    async close() {
      for (const client of clients) client.end();
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await stopped;
    },
  };
}
