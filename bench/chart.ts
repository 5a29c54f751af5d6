/** Draws build time against page count as an SVG line chart, one line per series. */
import { toXml } from 'xast-util-to-xml';
import { x } from 'xastscript';
import type { Element } from 'xast';

export interface Series {
  name: string;
  colour: string;
  points: Array<{ pages: number; seconds: number }>;
}

const WIDTH = 720;
const HEIGHT = 440;
const MARGIN = { top: 48, right: 170, bottom: 56, left: 72 };

/** Round numbers for an axis from 0 to at least `max`. */
function ticks(max: number): number[] {
  const rough = max / 5;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((factor) => factor * magnitude).find((candidate) => candidate >= rough)!;
  return Array.from({ length: Math.ceil(max / step) + 1 }, (_, index) => Number((index * step).toPrecision(6)));
}

export function pagesChart(title: string, series: Series[]): string {
  const all = series.flatMap((line) => line.points);
  const xTicks = ticks(Math.max(...all.map((point) => point.pages)));
  const yTicks = ticks(Math.max(...all.map((point) => point.seconds)));
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const xAt = (pages: number) => MARGIN.left + (pages / xTicks.at(-1)!) * plotWidth;
  const yAt = (seconds: number) => MARGIN.top + plotHeight - (seconds / yTicks.at(-1)!) * plotHeight;
  const text = (attributes: Record<string, string | number>, value: string) =>
    x('text', { 'font-family': 'sans-serif', 'font-size': 12, fill: '#333', ...attributes }, value);

  const grid: Element[] = [
    ...xTicks.map((tick) =>
      x('g', [
        x('line', { x1: xAt(tick), x2: xAt(tick), y1: MARGIN.top, y2: MARGIN.top + plotHeight, stroke: '#e5e5e5' }),
        text({ x: xAt(tick), y: MARGIN.top + plotHeight + 18, 'text-anchor': 'middle' }, String(tick)),
      ]),
    ),
    ...yTicks.map((tick) =>
      x('g', [
        x('line', { x1: MARGIN.left, x2: MARGIN.left + plotWidth, y1: yAt(tick), y2: yAt(tick), stroke: '#e5e5e5' }),
        text({ x: MARGIN.left - 8, y: yAt(tick) + 4, 'text-anchor': 'end' }, String(tick)),
      ]),
    ),
  ];
  const lines = series.map((line, index) => {
    const sorted = [...line.points].sort((a, b) => a.pages - b.pages);
    return x('g', [
      x('polyline', {
        points: sorted.map((point) => `${xAt(point.pages).toFixed(1)},${yAt(point.seconds).toFixed(1)}`).join(' '),
        fill: 'none',
        stroke: line.colour,
        'stroke-width': 2,
      }),
      ...sorted.map((point) =>
        x('circle', { cx: xAt(point.pages).toFixed(1), cy: yAt(point.seconds).toFixed(1), r: 3.5, fill: line.colour }, [
          x('title', `${line.name}: ${point.pages} pages in ${point.seconds.toFixed(2)} s`),
        ]),
      ),
      x('rect', { x: WIDTH - MARGIN.right + 16, y: MARGIN.top + index * 22, width: 14, height: 4, fill: line.colour }),
      text({ x: WIDTH - MARGIN.right + 36, y: MARGIN.top + index * 22 + 6 }, line.name),
    ]);
  });
  const svg = x(
    'svg',
    { xmlns: 'http://www.w3.org/2000/svg', width: WIDTH, height: HEIGHT, viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', 'aria-label': title },
    [
      x('title', title),
      x('rect', { width: WIDTH, height: HEIGHT, fill: '#fff' }),
      text({ x: MARGIN.left, y: 26, 'font-size': 15, 'font-weight': 'bold' }, title),
      ...grid,
      x('line', { x1: MARGIN.left, x2: MARGIN.left + plotWidth, y1: MARGIN.top + plotHeight, y2: MARGIN.top + plotHeight, stroke: '#333' }),
      x('line', { x1: MARGIN.left, x2: MARGIN.left, y1: MARGIN.top, y2: MARGIN.top + plotHeight, stroke: '#333' }),
      text({ x: MARGIN.left + plotWidth / 2, y: HEIGHT - 14, 'text-anchor': 'middle' }, 'pages in the PDF'),
      text({ x: 18, y: MARGIN.top + plotHeight / 2, 'text-anchor': 'middle', transform: `rotate(-90 18 ${MARGIN.top + plotHeight / 2})` }, 'seconds (wall)'),
      ...lines,
    ],
  );
  return `${toXml({ type: 'root', children: [svg] })}\n`;
}
