import type { TableClient } from '@azure/data-tables';
import type { GrantEntry, GrantLedger, GrantLedgerPruner } from '../../core/grantLedger.js';
import { STATE_ROW } from './requestEntity.js';
import { isWriteConflict, statusOf } from './tableErrors.js';

const toEntity = (e: GrantEntry) => ({
  partitionKey: e.key,
  rowKey: STATE_ROW,
  Scope: e.scope,
  PrincipalId: e.principalId,
  RoleDefinitionId: e.roleDefinitionId,
  AssignmentId: e.assignmentId,
  Origin: e.origin,
  Status: e.status,
  ...(e.removingBy ? { RemovingBy: e.removingBy } : {}),
  ...(e.ending ? { Ending: JSON.stringify(e.ending) } : {}),
  // A handful of holders per grant: expired ones are dropped at every release, so this stays small.
  Holders: JSON.stringify(e.holders),
  UpdatedTime: e.updatedAt,
});

const fromEntity = (e: Record<string, unknown>): GrantEntry => ({
  key: e.partitionKey as string,
  scope: e.Scope as string,
  principalId: e.PrincipalId as string,
  roleDefinitionId: e.RoleDefinitionId as string,
  assignmentId: e.AssignmentId as string,
  origin: e.Origin as GrantEntry['origin'],
  status: e.Status as GrantEntry['status'],
  ...(typeof e.RemovingBy === 'string' && e.RemovingBy ? { removingBy: e.RemovingBy } : {}),
  ...(typeof e.Ending === 'string' ? { ending: JSON.parse(e.Ending) as GrantEntry['holders'] } : {}),
  holders: JSON.parse(e.Holders as string) as GrantEntry['holders'],
  updatedAt: e.UpdatedTime as string,
});

/**
 * The grant ledger on Table storage: one partition per assignment key (the broker's deterministic
 * assignment name, a GUID, so always a valid key), one row, every change If-Match on its ETag.
 */
export function createTableGrantLedger(table: TableClient): GrantLedger {
  return {
    async get(key) {
      try {
        const entity = await table.getEntity(key, STATE_ROW);
        return { entry: fromEntity(entity), etag: entity.etag };
      } catch (e) {
        if (statusOf(e) === 404) return undefined;
        throw e;
      }
    },

    async put(previous, next) {
      try {
        if (previous) await table.updateEntity(toEntity(next), 'Replace', { etag: previous.etag });
        else await table.createEntity(toEntity(next));
        return 'saved';
      } catch (e) {
        // 404 on a replace: retention removed the entry since it was read; the caller reads again.
        if (isWriteConflict(e) || (previous && statusOf(e) === 404)) return 'conflict';
        throw e;
      }
    },

    async *list() {
      for await (const entity of table.listEntities()) yield fromEntity(entity);
    },
  };
}

/** Retention's removal of ended entries from the same table: a delete If-Match the ETag read. */
export function createTableGrantLedgerPruner(table: TableClient): GrantLedgerPruner {
  return {
    async remove(stored) {
      try {
        await table.deleteEntity(stored.entry.key, STATE_ROW, { etag: stored.etag });
        return 'removed';
      } catch (e) {
        if (statusOf(e) === 404 || statusOf(e) === 412) return 'conflict';
        throw e;
      }
    },
  };
}
