import type { ColumnInfo, SequenceState, TableInfo } from './catalog';

/**
 * What a restore may write, decided from the TARGET database's catalogue: a backup file names its
 * tables, columns and types, but none of those names reaches SQL unless the target has exactly that
 * table, that column and that type. The types used in the casts are the target's own (`format_type`),
 * so a crafted header cannot put SQL into the statements.
 */
export interface RestorePlan {
  /** Per table of the backup: the target's columns, in the order of the backup's rows. */
  columnsByTable: Map<string, ColumnInfo[]>;
  /** The backup's sequences, all known to the target. */
  sequences: SequenceState[];
}

export class RestorePlanError extends Error {
  override name = 'RestorePlanError';
}

export function planRestore(
  backup: { tables: { name: string; columns: ColumnInfo[] }[]; sequences: SequenceState[] },
  target: { tables: TableInfo[]; sequenceNames: string[] },
): RestorePlan {
  const targetTables = new Map(target.tables.map((t) => [t.name, t]));
  const columnsByTable = new Map<string, ColumnInfo[]>();
  for (const t of backup.tables) {
    if (columnsByTable.has(t.name)) throw new RestorePlanError(`table ${t.name} is listed twice in the backup`);
    const known = targetTables.get(t.name);
    if (!known) throw new RestorePlanError(`table ${t.name} of the backup does not exist in the target`);
    const targetColumns = new Map(known.columns.map((c) => [c.name, c]));
    const columns: ColumnInfo[] = [];
    const seen = new Set<string>();
    for (const c of t.columns) {
      if (seen.has(c.name)) throw new RestorePlanError(`column ${t.name}.${c.name} is listed twice in the backup`);
      seen.add(c.name);
      const column = targetColumns.get(c.name);
      if (!column) throw new RestorePlanError(`column ${t.name}.${c.name} of the backup does not exist in the target`);
      if (column.type !== c.type) {
        throw new RestorePlanError(
          `column ${t.name}.${c.name} is of type ${JSON.stringify(c.type)} in the backup but ${JSON.stringify(column.type)} in the target`,
        );
      }
      columns.push(column);
    }
    columnsByTable.set(t.name, columns);
  }
  const sequenceNames = new Set(target.sequenceNames);
  const seenSequences = new Set<string>();
  for (const s of backup.sequences) {
    if (seenSequences.has(s.name)) throw new RestorePlanError(`sequence ${s.name} is listed twice in the backup`);
    seenSequences.add(s.name);
    if (!sequenceNames.has(s.name)) throw new RestorePlanError(`sequence ${s.name} of the backup does not exist in the target`);
  }
  return { columnsByTable, sequences: backup.sequences };
}
