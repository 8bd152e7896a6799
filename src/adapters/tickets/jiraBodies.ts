import { plainLines, type TicketNote } from './ticketNote.js';

type AdfInline = { type: 'text'; text: string; marks?: Array<Record<string, unknown>> };

// An empty text node is invalid ADF: Jira refuses the whole comment.
const text = (value: string, marks?: AdfInline['marks']): AdfInline => ({
  type: 'text',
  text: value === '' ? ' ' : value,
  ...(marks ? { marks } : {}),
});
const paragraph = (...content: AdfInline[]) => ({ type: 'paragraph', content });

/**
 * Jira Cloud's comment body (REST v3): Atlassian Document Format. Request text only ever sits in text
 * nodes, which Jira never reads as markup, so it needs no escaping; the one link is the broker's own.
 */
export function adfComment(note: TicketNote): unknown {
  return {
    body: {
      type: 'doc',
      version: 1,
      content: [
        paragraph(text(note.title, [{ type: 'strong' }])),
        paragraph(
          ...note.facts.flatMap((f, i) => [
            ...(i > 0 ? [{ type: 'hardBreak' } as unknown as AdfInline] : []),
            text(`${f.label}: `, [{ type: 'strong' }]),
            text(f.value),
          ]),
        ),
        ...note.lists.flatMap((l) => [
          paragraph(text(l.label, [{ type: 'strong' }])),
          {
            type: 'bulletList',
            content: l.items.map((item) => ({ type: 'listItem', content: [paragraph(text(item))] })),
          },
        ]),
        paragraph(text(note.link.label, [{ type: 'link', attrs: { href: note.link.url } }])),
      ],
    },
  };
}

/**
 * Jira wiki markup's special characters, each escaped with a backslash, and line breaks folded, so request
 * text cannot open a macro (`{html}`), a link, a heading or a list.
 */
export const jiraWikiText = (value: string): string =>
  value.replace(/[\r\n]+/g, ' ').replace(/[\\*_?+^~|!#{}[\]-]/g, (c) => `\\${c}`);

/** Jira Data Center's comment body (REST v2): wiki markup text. */
export function wikiComment(note: TicketNote): unknown {
  const [title, ...rest] = plainLines(note, jiraWikiText);
  return { body: [`*${title}*`, ...rest, `[${jiraWikiText(note.link.label)}|${note.link.url}]`].join('\n') };
}
