/**
 * Dates as captures write them, and the zone they were written in. A date with a UTC offset is
 * kept as it is; one without gets its offset only from the zone the user names (`--timezone`,
 * an IANA name), by that zone's own rules for that date: the offset is never guessed.
 */
import type { FoundDate } from './model.ts';

const ISO_LIKE = /(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2}|UTC|GMT)?/;
const CJK = /(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日(?:\s*(\d{1,2})\s*[:：时時]\s*(\d{2})(?:\s*[:：分]\s*(\d{2}))?)?/;
const EUROPEAN = /\b(\d{1,2})\.(\d{1,2})\.(\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?/;

/** The first date written in `text`, with the text it was written as; undefined when there is none. */
export function findDate(text: string): FoundDate | undefined {
  const iso = ISO_LIKE.exec(text);
  if (iso) return build(iso[0], [iso[1]!, iso[2]!, iso[3]!], [iso[4], iso[5], iso[6]], iso[7]);
  const cjk = CJK.exec(text);
  if (cjk) return build(cjk[0], [cjk[1]!, cjk[2]!, cjk[3]!], [cjk[4], cjk[5], cjk[6]], undefined);
  const european = EUROPEAN.exec(text);
  if (european) return build(european[0], [european[3]!, european[2]!, european[1]!], [european[4], european[5], european[6]], undefined);
  return undefined;
}

/** Where in `text` its first date is, so that a byline's value can end before it. */
export function dateIndex(text: string): number {
  const found = [ISO_LIKE, CJK, EUROPEAN].map((pattern) => pattern.exec(text)?.index ?? -1).filter((index) => index >= 0);
  return found.length > 0 ? Math.min(...found) : -1;
}

function build(text: string, [year, month, day]: string[], [hour, minute, second]: Array<string | undefined>, zone: string | undefined): FoundDate | undefined {
  const date = `${year}-${pad(month!)}-${pad(day!)}`;
  if (!validDate(Number(year), Number(month), Number(day))) return undefined;
  const local = hour === undefined ? date : `${date}T${pad(hour)}:${minute}:${second ?? '00'}`;
  if (zone === undefined || hour === undefined) return { text: text.trim(), local };
  const offset = zone === 'Z' || zone === 'UTC' || zone === 'GMT' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  return { text: text.trim(), iso: `${local}${offset}` };
}

function pad(value: string): string {
  return value.padStart(2, '0');
}

function validDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** A date from a machine-readable field (JSON-LD, `<meta>`, `<time datetime>`): ISO 8601, with or without its offset. */
export function parseMachineDate(text: string): FoundDate | undefined {
  const trimmed = text.trim();
  const full = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/.exec(trimmed);
  if (full) {
    const local = `${full[1]}T${full[2]!.length === 5 ? `${full[2]}:00` : full[2]}`;
    if (!full[3]) return { text: trimmed, local };
    const zone = full[3] === 'Z' ? 'Z' : `${full[3].slice(0, 3)}:${full[3].slice(-2)}`;
    return { text: trimmed, iso: `${local}${zone}` };
  }
  return findDate(trimmed);
}

/** Whether `zone` is an IANA time zone name this Node knows. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * The date with the offset `zone` had at that local time (`2024-05-06T16:40:15` in Asia/Shanghai
 * → `2024-05-06T16:40:15+08:00`); undefined for a date without a time, which no zone completes.
 */
export function inZone(date: FoundDate, zone: string): string | undefined {
  if (date.iso) return date.iso;
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/.exec(date.local ?? '');
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [number, number, number, number, number, number];
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  // The instant whose wall time in the zone is `wall`: try the offset at the naive instant, then
  // the offset at the corrected one (they differ only across a change of offset).
  let offset = offsetMinutes(zone, wall);
  offset = offsetMinutes(zone, wall - offset * 60_000);
  return `${date.local}${formatOffset(offset)}`;
}

/** The zone's offset from UTC at an instant, in minutes. */
function offsetMinutes(zone: string, instant: number): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' }).formatToParts(new Date(instant)).find((part) => part.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name);
  if (!match) return 0;
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3] ?? 0));
}

function formatOffset(minutes: number): string {
  if (minutes === 0) return 'Z';
  const sign = minutes < 0 ? '-' : '+';
  const whole = Math.abs(minutes);
  return `${sign}${String(Math.floor(whole / 60)).padStart(2, '0')}:${String(whole % 60).padStart(2, '0')}`;
}
