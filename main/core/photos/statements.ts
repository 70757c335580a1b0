// Prepared statements kept per database connection, for the gallery's calls: a page, a count or a
// tile's refresh runs the same few SQL texts again and again on the core's thread, and preparing
// the photo page's SELECT (four tables, 45 columns) each time cost about a third of a millisecond.
// The texts are bounded (a filter contributes fixed clauses, never values), and a closed database
// takes its statements with it (the map is weak on the connection).
import type { Statement } from 'better-sqlite3-multiple-ciphers';
import type { Db } from '../db/open';

const byDb = new WeakMap<Db, Map<string, Statement>>();

export function preparedOnce(db: Db, sql: string): Statement {
  let statements = byDb.get(db);
  if (!statements) byDb.set(db, (statements = new Map()));
  let statement = statements.get(sql);
  if (!statement) statements.set(sql, (statement = db.prepare(sql)));
  return statement;
}
