/**
 * ServiceNow renders `[code]...[/code]` in a journal field (work notes) as HTML: request text holding the
 * markers could put markup on the RITM. The markers are defused (a zero-width space after the bracket), and
 * control characters other than newline and tab dropped; everything else is plain text in JSON.
 */
export const serviceNowText = (value: string): string =>
  value
    // eslint-disable-next-line no-control-regex -- control characters are what is removed
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
    .replace(/\[(\s*\/?\s*code\s*)\]/gi, '[\u200b$1]');
