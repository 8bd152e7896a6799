import { describe, expect, it } from 'vitest';
import { svgChart } from '../../bench/svgChart.js';

const panel = {
  title: 'Latency <ms> & load',
  xTitle: 'clients',
  yTitle: 'ms',
  xLabels: ['1', '4', '16'],
  series: [
    { name: 'median', values: [10, 20, 40], color: '#00f' },
    { name: 'p99', values: [15, Number.NaN, 80], color: '#f00', dashed: true },
  ],
};

describe('svgChart', () => {
  it('draws one standalone SVG, panels side by side, with escaped text and no script', () => {
    const svg = svgChart([panel, panel]);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('width="920"');
    expect(svg).toContain('Latency &lt;ms&gt; &amp; load');
    expect(svg).not.toMatch(/<script|href=/);
  });

  it('puts a point per finite value, and the largest value at the top of the scale or below it', () => {
    const svg = svgChart([panel]);
    expect(svg.match(/<circle /g)).toHaveLength(5); // 3 + 2: the NaN leaves a gap
    const ys: number[] = [...svg.matchAll(/<circle cx="(?:-?[\d.]+)" cy="(-?[\d.]+)"/g)].map((m) =>
      Number(m[1]),
    );
    expect(ys).toHaveLength(5);
    expect(Math.min(...ys)).toBeGreaterThanOrEqual(36); // the plot's top margin: nothing drawn above it
  });
});
