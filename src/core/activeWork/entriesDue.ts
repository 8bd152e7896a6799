import type { ActiveWorkIndex, StoredWorkEntry, WorkKind } from './activeWorkIndex.js';

/** Every entry of `kind` due by `until`, page by page: each is moved past `until` or dropped as it is looked at. */
export async function* entriesDue(
  index: ActiveWorkIndex,
  kind: WorkKind,
  until: string,
  pageSize: number,
): AsyncGenerator<StoredWorkEntry> {
  let continuationToken: string | undefined;
  do {
    const page = await index.dueBy(kind, until, {
      limit: pageSize,
      ...(continuationToken ? { continuationToken } : {}),
    });
    yield* page.items;
    continuationToken = page.continuationToken;
  } while (continuationToken);
}
