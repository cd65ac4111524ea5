import type Database from 'better-sqlite3';

/**
 * Prepared statements for queries whose SQL is built per call (a WHERE clause of the filters
 * given, a sort): one statement per distinct SQL text, made when first needed.
 */
export function statementCache<Row>(db: Database.Database): (sql: string) => Database.Statement<unknown[], Row> {
  const made = new Map<string, Database.Statement<unknown[], Row>>();
  return (sql) => {
    let statement = made.get(sql);
    if (!statement) {
      statement = db.prepare<unknown[], Row>(sql);
      made.set(sql, statement);
    }
    return statement;
  };
}
