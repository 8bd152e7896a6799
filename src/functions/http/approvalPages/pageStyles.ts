import { createHash } from 'node:crypto';
import { Html } from './html.js';

// Colours are chosen for at least 4.5:1 against their background (WCAG AA), text and controls alike.
const CSS = `
:root { color-scheme: light; --ink: #1b1f24; --muted: #4a5360; --line: #c9d1d9; --page: #f6f8fa; --card: #ffffff;
  --link: #0b57d0; --focus: #0b57d0; --ok: #116329; --ok-bg: #dafbe1; --bad: #a40e26; --bad-bg: #ffebe9;
  --warn-ink: #4d3800; --warn-bg: #fff4ce; --warn-line: #9a6700; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
  color: var(--ink); background: var(--page); }
a { color: var(--link); }
a:focus-visible, button:focus-visible, textarea:focus-visible, summary:focus-visible {
  outline: 3px solid var(--focus); outline-offset: 2px; }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 1rem; top: 1rem; background: var(--card); padding: .5rem 1rem; z-index: 1; }
header.top { background: #0d2240; color: #fff; padding: .75rem 0; }
header.top a { color: #fff; }
header.top .inner, main { max-width: 72rem; margin: 0 auto; }
header.top .inner { padding: 0 1rem; display: flex; flex-wrap: wrap; gap: .25rem 1.5rem; align-items: baseline;
  justify-content: space-between; }
header.top .brand { font-weight: 700; font-size: 1.1rem; }
header.top .who { font-size: .9rem; }
main { padding: 1rem; }
h1 { font-size: 1.6rem; margin: .5rem 0 1rem; line-height: 1.25; }
h2 { font-size: 1.2rem; margin: 0 0 .75rem; }
section, .card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 1rem;
  margin: 0 0 1rem; }
.muted { color: var(--muted); }
code, .id { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .875em;
  overflow-wrap: anywhere; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .35rem 1rem; margin: 0; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; min-width: 0; overflow-wrap: anywhere; }
.badge { display: inline-block; padding: .1rem .6rem; border-radius: 999px; font-size: .85rem; font-weight: 600;
  border: 1px solid currentColor; white-space: nowrap; }
.badge.awaitingApproval { color: var(--warn-ink); background: var(--warn-bg); }
.badge.approved, .badge.applying, .badge.succeeded { color: var(--ok); background: var(--ok-bg); }
.badge.rejected, .badge.failed, .badge.denied, .badge.expired, .badge.cancelled, .badge.revoked {
  color: var(--bad); background: var(--bad-bg); }
.warnings { background: var(--warn-bg); border: 2px solid var(--warn-line); color: var(--warn-ink); }
.warnings ul { margin: 0; padding-left: 1.25rem; }
.notice { border-left: 6px solid var(--ok); }
.notice.error { border-left-color: var(--bad); }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; }
caption { text-align: left; font-weight: 600; padding: .75rem 0 .5rem; }
th, td { text-align: left; vertical-align: top; padding: .45rem .6rem; border-bottom: 1px solid var(--line); }
th { font-weight: 600; background: var(--page); }
td, th { overflow-wrap: break-word; }
tbody th { background: transparent; }
tr.add td, tr.add th { background: var(--ok-bg); }
tr.remove td, tr.remove th { background: var(--bad-bg); }
.sign { font-family: ui-monospace, monospace; font-weight: 700; }
ol.requests { list-style: none; margin: 0; padding: 0; display: grid; gap: 1rem; }
ol.requests > li { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 1rem; }
ol.requests h2 { font-size: 1.1rem; margin: 0 0 .5rem; }
ol.requests .reasons { margin: .5rem 0 0; font-size: .9rem; }
ol.requests .meta { display: flex; flex-wrap: wrap; gap: .25rem 1rem; margin: .25rem 0 .5rem; }
ul.plain { margin: .25rem 0; padding-left: 1.25rem; }
form.decide label { display: block; font-weight: 600; margin-bottom: .35rem; }
form.decide textarea { width: 100%; min-height: 6rem; font: inherit; padding: .5rem; border: 1px solid #6e7781;
  border-radius: 6px; }
form.decide .hint { margin: .35rem 0 .75rem; }
form.decide .buttons { display: flex; flex-wrap: wrap; gap: .75rem; }
button { font: inherit; font-weight: 600; padding: .6rem 1.4rem; border-radius: 6px; border: 2px solid transparent;
  cursor: pointer; color: #fff; min-height: 44px; }
button.approve { background: var(--ok); }
button.reject { background: var(--bad); }
button:hover { filter: brightness(1.1); }
details summary { cursor: pointer; font-weight: 600; }
pre { background: var(--page); border: 1px solid var(--line); padding: .75rem; overflow-x: auto; font-size: .85rem; }
nav.pages { margin-top: 1rem; }
@media (max-width: 40rem) {
  main { padding: .75rem; }
  h1 { font-size: 1.35rem; }
  dl.facts { grid-template-columns: 1fr; gap: 0; }
  dl.facts dd { margin-bottom: .5rem; }
  section, .card { padding: .75rem; }
  form.decide .buttons button { flex: 1 1 100%; }
  /* Narrow screens: each row becomes a card, each cell names its column. */
  table.cards, table.cards tbody, table.cards tr, table.cards th, table.cards td { display: block; }
  table.cards thead { position: absolute; left: -9999px; }
  table.cards caption { display: block; }
  table.cards tr { border: 1px solid var(--line); border-radius: 6px; margin-bottom: .5rem; }
  table.cards th, table.cards td { border: 0; padding: .25rem .6rem; }
  table.cards td[data-label]::before { content: attr(data-label) ": "; font-weight: 600; }
  table.cards td.sign-cell { display: none; }
}
`;

/** The pages' only stylesheet, inline so they need nothing from anywhere else (offline too). */
export const STYLESHEET: Html = Html.trusted(`<style>${CSS}</style>`);

/** What the Content-Security-Policy allows as style: exactly this stylesheet, by its hash. */
export const STYLE_HASH = `'sha256-${createHash('sha256').update(CSS, 'utf8').digest('base64')}'`;
