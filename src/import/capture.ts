/**
 * The captures an import is given: saved pages (`.html`, `.htm`, "Web page, complete" with its
 * `NAME_files/` folder), text captures (`.txt`), folders of them, and `http(s)` addresses. An
 * address is fetched only because the user named it, with a size and time limit; nothing a
 * capture refers to is fetched here.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { decodeCapture, headerCharset, MAX_CAPTURE_BYTES, type DecodedCapture } from './decode.ts';
import { ImportProblem } from './problems.ts';

/** One capture, read and decoded. */
export interface Capture {
  /** As the user named it (a path, or an address). */
  source: string;
  /** Its file name, or its address: what the front matter's `source.capture.file` records. */
  name: string;
  kind: 'html' | 'text';
  text: string;
  sha256: string;
  /** Where the page was, to find its images and resolve its links. */
  location: { file: string } | { url: string };
  /** What the report should say about reading it (an encoding declared wrongly). */
  warnings: string[];
}

const PAGE = /\.html?$/i;
const TEXT = /\.txt$/i;
const FETCH_TIMEOUT_MS = 30_000;

/** The captures a source names: the file, the folder's captures in name order, or the address. */
export async function listCaptures(source: string): Promise<string[]> {
  if (/^https?:\/\//i.test(source)) return [source];
  const info = await stat(source).catch(() => undefined);
  if (!info) throw new ImportProblem(`No such file or folder: ${source}`);
  if (!info.isDirectory()) return [source];
  const names = (await readdir(source)).filter((name) => PAGE.test(name) || TEXT.test(name)).sort();
  if (names.length === 0) throw new ImportProblem(`The folder ${source} holds no capture (.html, .htm or .txt)`);
  return names.map((name) => path.join(source, name));
}

/** Reads and decodes one capture. */
export async function readCapture(source: string): Promise<Capture> {
  if (/^https?:\/\//i.test(source)) return fetchCapture(source);
  const kind = PAGE.test(source) ? 'html' : TEXT.test(source) ? 'text' : undefined;
  if (!kind) throw new ImportProblem('Imprint imports saved pages (.html, .htm) and text captures (.txt)');
  const bytes = await readFile(source);
  return { source, name: path.basename(source), kind, ...decoded(decodeCapture(bytes, kind)), sha256: sha256(bytes), location: { file: path.resolve(source) } };
}

async function fetchCapture(url: string): Promise<Capture> {
  let response: Response;
  try {
    response = await fetch(url, { redirect: 'follow', signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), headers: { accept: 'text/html, text/plain;q=0.9' } });
  } catch (error) {
    throw new ImportProblem(`${url} could not be fetched: ${(error as Error).message}`);
  }
  if (!response.ok) throw new ImportProblem(`${url} answered ${response.status} ${response.statusText}`);
  const type = response.headers.get('content-type') ?? '';
  const kind = /html/i.test(type) ? 'html' : /text\/plain/i.test(type) ? 'text' : undefined;
  if (!kind) throw new ImportProblem(`${url} is ${type || 'of no stated type'}, not a web page or text`);
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > MAX_CAPTURE_BYTES) throw new ImportProblem(`${url} is ${(declared / 1024 / 1024).toFixed(1)} MB; Imprint imports captures up to ${MAX_CAPTURE_BYTES / 1024 / 1024} MB`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  const name = response.url || url;
  return { source: url, name, kind, ...decoded(decodeCapture(bytes, kind, headerCharset(type))), sha256: sha256(bytes), location: { url: name } };
}

function decoded({ text, warning }: DecodedCapture): Pick<Capture, 'text' | 'warnings'> {
  return { text, warnings: warning ? [warning] : [] };
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
