import { describe, expect, it } from 'vitest';
import { STYLESHEET } from '../../../../src/functions/http/approvalPages/pageStyles.js';

/** The stylesheet's colour variables, `--name: #rrggbb`. */
const colours = new Map(
  [...STYLESHEET.toString().matchAll(/--([\w-]+):\s*(#[0-9a-f]{6})/gi)].map((m) => [m[1], m[2] as string]),
);
const literal = (value: string) => (value.startsWith('#') ? value : (colours.get(value) ?? 'missing'));

/** WCAG 2 relative luminance and contrast ratio. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
};

// Every text colour the stylesheet sets, on every background it sets it on.
const PAIRS: Array<[string, string]> = [
  ['ink', 'card'],
  ['ink', 'page'],
  ['muted', 'card'],
  ['muted', 'page'],
  ['muted', 'ok-bg'],
  ['muted', 'bad-bg'],
  ['ink', 'ok-bg'],
  ['ink', 'bad-bg'],
  ['link', 'card'],
  ['link', 'page'],
  ['warn-ink', 'warn-bg'],
  ['ok', 'ok-bg'],
  ['bad', 'bad-bg'],
  ['#ffffff', 'ok'],
  ['#ffffff', 'bad'],
  ['#ffffff', '#0d2240'],
];

describe('the stylesheet', () => {
  it.each(PAIRS)('%s on %s has a contrast of at least 4.5:1', (text, background) => {
    expect(contrast(literal(text), literal(background))).toBeGreaterThanOrEqual(4.5);
  });

  it('sets a visible focus ring on every control', () => {
    expect(STYLESHEET.toString()).toMatch(
      /a:focus-visible,\s*button:focus-visible,\s*textarea:focus-visible,\s*summary:focus-visible\s*\{\s*outline: 3px solid var\(--focus\)/,
    );
  });
});
