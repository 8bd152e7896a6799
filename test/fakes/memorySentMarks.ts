import type { SentKey, SentMarks } from '../../src/core/notifications/channel.js';

/** Insert-only, as the table's rows are: a second mark of one key changes nothing. */
export class MemorySentMarks implements SentMarks {
  readonly rows = new Map<string, 'sent' | 'gaveUp'>();
  private key = (k: SentKey) => JSON.stringify([k.requestId, k.version, k.channel]);
  async has(key: SentKey) {
    return this.rows.has(this.key(key));
  }
  async mark(key: SentKey, outcome: 'sent' | 'gaveUp') {
    if (!this.rows.has(this.key(key))) this.rows.set(this.key(key), outcome);
  }
}
