/**
 * Markup that is safe to put in a page: built only by `html`, which escapes every value it interpolates, so
 * a value from a request (a justification, a resource ID, a comment) can never become markup.
 */
export class Html {
  private constructor(readonly markup: string) {}

  /** For markup written in this code base only (the stylesheet); never for anything a caller sent. */
  static trusted(markup: string): Html {
    return new Html(markup);
  }

  toString(): string {
    return this.markup;
  }
}

/** What may be interpolated: text (escaped), markup built by `html`, lists of either, or nothing. */
export type HtmlValue = Html | string | number | boolean | null | undefined | readonly HtmlValue[];

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/** Text as it must appear in an element or a quoted attribute: the same escaping serves both. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"'`]/g, (c) => ESCAPES[c] as string);

function render(value: HtmlValue): string {
  if (value instanceof Html) return value.markup;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

/** The tagged template: the literal parts are markup, every `${value}` is escaped unless it is already Html. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): Html {
  let markup = strings[0] ?? '';
  values.forEach((value, i) => {
    markup += render(value) + (strings[i + 1] ?? '');
  });
  return Html.trusted(markup);
}
