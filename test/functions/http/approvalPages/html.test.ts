import { describe, expect, it } from 'vitest';
import { escapeHtml, Html, html } from '../../../../src/functions/http/approvalPages/html.js';

describe('the html template', () => {
  it('escapes every interpolated value, in text and in quoted attributes alike', () => {
    const value = `<script>alert("x")</script> & 'y' \`z\``;
    expect(html`<p title="${value}">${value}</p>`.toString()).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39; &#96;z&#96;">' +
        '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39; &#96;z&#96;</p>',
    );
  });

  it('keeps markup built by html as markup, and escapes each item of a list', () => {
    const items = ['<a>', 'b'].map((x) => html`<li>${x}</li>`);
    const list = html`<ul>
      ${items}
    </ul>`;
    expect(list.toString().replace(/\s+/g, '')).toBe('<ul><li>&lt;a&gt;</li><li>b</li></ul>');
  });

  it('renders nothing for null, undefined and false, and numbers as text', () => {
    expect(html`${null}${undefined}${false}${0}${3}`.toString()).toBe('03');
  });

  it('does not take a string that looks like markup for markup', () => {
    const pretending = { markup: '<b>x</b>', toString: () => '<b>x</b>' } as unknown as string;
    expect(html`${pretending}`.toString()).toBe('&lt;b&gt;x&lt;/b&gt;');
    expect(html`${Html.trusted('<b>x</b>')}`.toString()).toBe('<b>x</b>');
  });

  it('escapes the six characters that can end a text or an attribute', () => {
    expect(escapeHtml('&<>"\'`plain')).toBe('&amp;&lt;&gt;&quot;&#39;&#96;plain');
  });
});
