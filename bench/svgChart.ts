/** One line of a chart: a value per x position (NaN leaves a gap). */
export interface Series {
  name: string;
  values: number[];
  color: string;
  dashed?: boolean;
}

export interface Panel {
  title: string;
  xTitle: string;
  yTitle: string;
  /** The x positions' labels, evenly spaced (the load levels). */
  xLabels: string[];
  series: Series[];
}

const WIDTH = 460;
const HEIGHT = 320;
const MARGIN = { left: 72, right: 16, top: 36, bottom: 88 };

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A round step for about five gridlines up to `max`. */
function niceStep(max: number): number {
  const rough = max / 5;
  const power = 10 ** Math.floor(Math.log10(rough));
  return ([1, 2, 2.5, 5, 10].find((m) => m * power >= rough) ?? 10) * power;
}

/** One panel at (x, y): axes, gridlines, the lines with their points, and a legend below. */
function panel(p: Panel, x: number, y: number): string {
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const max = Math.max(1e-9, ...p.series.flatMap((s) => s.values.filter(Number.isFinite)));
  const step = niceStep(max);
  const top = Math.ceil(max / step) * step;
  const px = (i: number) =>
    MARGIN.left + (p.xLabels.length === 1 ? plotW / 2 : (i * plotW) / (p.xLabels.length - 1));
  const py = (v: number) => MARGIN.top + plotH - (v / top) * plotH;
  const parts: string[] = [`<g transform="translate(${x},${y})">`];
  parts.push(
    `<text x="${WIDTH / 2}" y="20" text-anchor="middle" font-size="14" font-weight="bold">${escape(p.title)}</text>`,
  );
  for (let v = 0; v <= top + step / 2; v += step) {
    parts.push(
      `<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${py(v)}" y2="${py(v)}" stroke="#ddd"/>`,
      `<text x="${MARGIN.left - 6}" y="${py(v) + 4}" text-anchor="end" font-size="11">${Number(v.toPrecision(6))}</text>`,
    );
  }
  p.xLabels.forEach((label, i) =>
    parts.push(
      `<text x="${px(i)}" y="${MARGIN.top + plotH + 16}" text-anchor="middle" font-size="11">${escape(label)}</text>`,
    ),
  );
  parts.push(
    `<line x1="${MARGIN.left}" x2="${MARGIN.left}" y1="${MARGIN.top}" y2="${MARGIN.top + plotH}" stroke="#333"/>`,
    `<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${MARGIN.top + plotH}" y2="${MARGIN.top + plotH}" stroke="#333"/>`,
    `<text x="${MARGIN.left + plotW / 2}" y="${MARGIN.top + plotH + 34}" text-anchor="middle" font-size="12">${escape(p.xTitle)}</text>`,
    `<text transform="translate(18,${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle" font-size="12">${escape(p.yTitle)}</text>`,
  );
  for (const s of p.series) {
    const points = s.values.map((v, i) => (Number.isFinite(v) ? `${px(i)},${py(v)}` : '')).filter(Boolean);
    const dash = s.dashed ? ' stroke-dasharray="6 4"' : '';
    parts.push(
      `<polyline fill="none" stroke="${s.color}" stroke-width="2"${dash} points="${points.join(' ')}"/>`,
    );
    for (const point of points) {
      const [cx, cy] = point.split(',');
      parts.push(`<circle cx="${cx}" cy="${cy}" r="3" fill="${s.color}"/>`);
    }
  }
  p.series.forEach((s, i) => {
    const lx = MARGIN.left + (i % 2) * (plotW / 2);
    const ly = MARGIN.top + plotH + 54 + Math.floor(i / 2) * 16;
    const dash = s.dashed ? ' stroke-dasharray="6 4"' : '';
    parts.push(
      `<line x1="${lx}" x2="${lx + 22}" y1="${ly - 4}" y2="${ly - 4}" stroke="${s.color}" stroke-width="2"${dash}/>`,
      `<text x="${lx + 28}" y="${ly}" font-size="11">${escape(s.name)}</text>`,
    );
  });
  parts.push('</g>');
  return parts.join('\n');
}

/** Panels in a grid, `columns` to a row, in one standalone SVG document (no script, no external reference). */
export function svgChart(panels: Panel[], columns = 2): string {
  const width = WIDTH * Math.min(columns, panels.length);
  const height = HEIGHT * Math.ceil(panels.length / columns);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    ...panels.map((p, i) => panel(p, (i % columns) * WIDTH, Math.floor(i / columns) * HEIGHT)),
    '</svg>',
    '',
  ].join('\n');
}
