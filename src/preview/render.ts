/**
 * The preview page: the HTML edition as it renders now, with the reload client added. Renders run
 * one after another; a change during a render asks for one more.
 */
import { formatReport } from '../manuscript/report.ts';
import { renderHtml } from '../html/render.ts';
import { readManuscript } from '../manuscript/assemble.ts';
import type { ResolvedSettings } from '../options/build-options.ts';
import { IMPRINT_VERSION } from '../version.ts';
import { CLIENT_SCRIPT, type PreviewServer } from './server.ts';

/** Renders the page on demand, never two at once. */
export interface PageRenderer {
  /** Renders now (the first render). */
  render(): Promise<void>;
  /** Renders as soon as the current render, if any, is done. */
  request(): void;
}

/** A renderer that shows each render, or the manuscript's problems, on `server`. */
export function pageRenderer(settings: ResolvedSettings, server: PreviewServer, onEvent: (line: string) => void): PageRenderer {
  const render = async (): Promise<void> => {
    const started = performance.now();
    const read = await readManuscript(settings.input, { allowRemote: settings.allowRemote, highlight: settings.highlight });
    const report = formatReport(read.files, { color: false });
    if (!read.manuscript) {
      onEvent(`preview not updated: the manuscript has problems\n${report}`);
      server.problem(report || 'The manuscript could not be read.');
      return;
    }
    const { manuscript } = read;
    const rendered = await renderHtml(
      { matter: manuscript.matter, body: manuscript.body, chapters: manuscript.chapters, images: manuscript.images, imprintVersion: IMPRINT_VERSION },
      { size: settings.paper, layout: settings.layout ?? (manuscript.kind === 'book' ? 'book' : 'handout'), previewScript: CLIENT_SCRIPT },
    );
    server.show(rendered.html);
    onEvent(`preview rendered in ${Math.round(performance.now() - started)} ms${report ? `\n${report}` : ''}`);
  };
  let rendering: Promise<void> | undefined;
  let dirty = false;
  return {
    render,
    request() {
      if (rendering) {
        dirty = true;
        return;
      }
      rendering = (async () => {
        do {
          dirty = false;
          await render().catch((error: Error) => onEvent(`preview failed: ${error.message}`));
        } while (dirty);
        rendering = undefined;
      })();
    },
  };
}
