/**
 * `imprint watch`: a live preview of the HTML edition on the loopback interface. A save
 * re-renders the page and the open browser tab reloads itself; PDF and EPUB are rebuilt in the
 * background, debounced, with one warm browser. A broken manuscript keeps the last good page on
 * screen and shows the problem over it.
 */
import { BrowserPool } from '../browser/pool.ts';
import { parseOrThrow, resolveSettings, type BuildSettings } from '../options/build-options.ts';
import { withConfig, type ConfigChoice } from '../options/config-file.ts';
import { PortSchema } from '../options/preview-options.ts';
import { startPreviewServer } from './server.ts';
import { watchManuscript } from './watcher.ts';

/** Options of {@link preview}: a build's settings, plus the port and the pause before editions are rebuilt. */
export interface PreviewOptions extends BuildSettings {
  /** TCP port on 127.0.0.1. Default 4321; 0 picks a free one. */
  port?: number;
  /** Milliseconds without changes before PDF and EPUB are rebuilt. Default 800. */
  backgroundDelay?: number;
  /** One line per event (rendered, rebuilt, problems). */
  onEvent?: (line: string) => void;
  /** The project's config file: a path, or `false` for none; by default the one found from the input's folder. */
  config?: ConfigChoice;
}

/** A running preview. */
export interface Preview {
  url: string;
  /** Stops watching, serving and building, and closes the browser. */
  close(): Promise<void>;
}

/** Serves a live preview of the HTML edition and rebuilds the editions on every save. */
export async function preview(options: PreviewOptions = {}): Promise<Preview> {
  const settings = resolveSettings((await withConfig(options, options.config)).settings);
  const port = parseOrThrow(PortSchema, options.port ?? 4321);
  // The Markdown pipeline loads when a preview starts, not whenever the library is imported.
  const [{ backgroundEditions }, { pageRenderer }] = await Promise.all([import('./background.ts'), import('./render.ts')]);
  const onEvent = options.onEvent ?? (() => undefined);
  const server = await startPreviewServer(port, '<!doctype html><title>Imprint preview</title><p>Building…</p>');
  // The preview owns the browser its background builds share.
  const browsers = new BrowserPool({ pageTimeoutMs: settings.pageTimeoutMs });
  const editions = backgroundEditions(settings, browsers, onEvent, options.backgroundDelay ?? 800);
  const renderer = pageRenderer(settings, server, onEvent);
  await renderer.render();
  editions.schedule();
  const watcher = await watchManuscript(settings, () => {
    editions.schedule();
    renderer.request();
  });
  let closed: Promise<void> | undefined;
  return {
    url: server.url,
    close() {
      closed ??= (async () => {
        watcher.close();
        editions.stop();
        await server.close();
        await editions.settled();
        await browsers.close();
      })();
      return closed;
    },
  };
}
