// The migration runner: each step once, in order, in its own transaction, and a refusal for
// databases newer than the app. Uses in-memory SQLite: the runner does not care about the cipher.
import Database from 'better-sqlite3-multiple-ciphers';
import { builtinModules } from 'node:module';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { CoreError } from '../../../../shared/errors';
import { LATEST_VERSION, MIGRATIONS, migrate, type Migration } from './index';

function counting(version: number, sql: string): Migration & { runs: number } {
  const m = {
    version,
    name: `test-${version}`,
    runs: 0,
    up(db: Database.Database) {
      m.runs++;
      db.exec(sql);
    },
  };
  return m;
}

const userVersion = (db: Database.Database) => db.pragma('user_version', { simple: true });
const tables = (db: Database.Database) => db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();

describe('migrate', () => {
  it('applies each migration once and records user_version', () => {
    const db = new Database(':memory:');
    const m1 = counting(1, 'CREATE TABLE a (x)');
    const m2 = counting(2, 'CREATE TABLE b (x)');
    migrate(db, [m1, m2]);
    migrate(db, [m1, m2]);
    expect([m1.runs, m2.runs]).toEqual([1, 1]);
    expect(userVersion(db)).toBe(2);
    expect(tables(db)).toEqual(['a', 'b']);

    const m3 = counting(3, 'CREATE TABLE c (x)');
    migrate(db, [m1, m2, m3]);
    expect([m1.runs, m2.runs, m3.runs]).toEqual([1, 1, 1]);
    expect(userVersion(db)).toBe(3);
  });

  it('rolls back a failing step and keeps the version of the last good one', () => {
    const db = new Database(':memory:');
    const m1 = counting(1, 'CREATE TABLE a (x)');
    const bad = counting(2, 'CREATE TABLE half (x); INSERT INTO no_such_table VALUES (1);');
    expect(() => migrate(db, [m1, bad])).toThrow(/no such table/);
    expect(userVersion(db)).toBe(1);
    expect(tables(db)).toEqual(['a']);
  });

  it.each([
    ['out of order', [2, 1], /numbered 2, expected 1/],
    ['with a gap', [1, 3], /numbered 3, expected 2/],
    ['duplicated', [1, 1], /numbered 1, expected 2/],
    ['not starting at 1', [0], /numbered 0, expected 1/],
  ] as const)('refuses a migration list %s before touching the database', (_name, versions, message) => {
    const db = new Database(':memory:');
    const list = versions.map((v) => counting(v, 'CREATE TABLE t (x)'));
    expect(() => migrate(db, list)).toThrow(message);
    expect(list.every((m) => m.runs === 0)).toBe(true);
    expect(userVersion(db)).toBe(0);
  });

  it('refuses a database newer than the migration list with DATABASE_TOO_NEW', () => {
    const db = new Database(':memory:');
    db.pragma('user_version = 3');
    const m1 = counting(1, 'CREATE TABLE a (x)');
    let caught: unknown;
    try {
      migrate(db, [m1, counting(2, 'CREATE TABLE b (x)')]);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CoreError);
    expect((caught as CoreError).code).toBe('DATABASE_TOO_NEW');
    expect(m1.runs).toBe(0);
    expect(userVersion(db)).toBe(3);
  });
});

describe('the shipped migration list', () => {
  it('is numbered 1..n and LATEST_VERSION is its last', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    expect(LATEST_VERSION).toBe(MIGRATIONS.length);
  });

  it.each(MIGRATIONS.map((m) => [m.version, m.name] as const))('migration %i (%s) has its own test file', (version, name) => {
    const file = path.join(__dirname, `${String(version).padStart(4, '0')}-${name}.test.ts`);
    expect(existsSync(file)).toBe(true);
  });
});

/**
 * Every module a migration file refers to (static imports, re-exports, dynamic import(), require)
 * that is not a Node built-in, and whether each reference is for types only.
 */
function nonBuiltinImports(file: string): Array<{ specifier: string; typeOnly: boolean }> {
  const text = readFileSync(file, 'utf8');
  const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
  const typeOnly = new Map<string, boolean>();
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const clause = statement.importClause;
      const onlyTypes = !!clause && (clause.isTypeOnly || (!clause.name && !!clause.namedBindings && ts.isNamedImports(clause.namedBindings) && clause.namedBindings.elements.every((e) => e.isTypeOnly)));
      const specifier = statement.moduleSpecifier.text;
      typeOnly.set(specifier, (typeOnly.get(specifier) ?? true) && onlyTypes);
    }
  }
  // preProcessFile also finds re-exports, import() and require(): any of those is a runtime use.
  const { importedFiles } = ts.preProcessFile(text, true, true);
  const found = new Map<string, boolean>();
  for (const { fileName } of importedFiles) {
    if (builtins.has(fileName)) continue;
    const declaredTypeOnly = typeOnly.get(fileName) ?? false;
    const references = importedFiles.filter((f) => f.fileName === fileName).length;
    const declarations = source.statements.filter((s) => ts.isImportDeclaration(s) && ts.isStringLiteral(s.moduleSpecifier) && s.moduleSpecifier.text === fileName).length;
    found.set(fileName, declaredTypeOnly && references === declarations);
  }
  return [...found].map(([specifier, onlyTypes]) => ({ specifier, typeOnly: onlyTypes }));
}

/** What a frozen migration may name, for its types only: the runner's Migration type and the driver's Database type. */
const TYPE_ONLY_ALLOWED = new Set(['./index', 'better-sqlite3-multiple-ciphers']);

const migrationFiles = readdirSync(__dirname).filter((f) => /^\d{4}-.*\.ts$/.test(f) && !f.endsWith('.test.ts'));

describe('migrations are frozen text', () => {
  it('finds every migration file', () => {
    expect(migrationFiles).toHaveLength(MIGRATIONS.length);
  });

  // A migration that imports live code changes meaning when that code changes; it must carry its
  // own copy of every constant, byte format and SQL text it uses.
  it.each(migrationFiles)('%s imports only Node built-ins and, for types, the runner and the driver', (file) => {
    const offending = nonBuiltinImports(path.join(__dirname, file)).filter((i) => !(i.typeOnly && TYPE_ONLY_ALLOWED.has(i.specifier)));
    expect(offending.map((i) => i.specifier)).toEqual([]);
  });

  it.each([
    ["import { CHECKPOINT_INTERVAL } from '../../audit/audit';", ['../../audit/audit']],
    ["import { type Migration } from './index';\nimport { newId } from './index';", ['./index']],
    ["import type { Migration } from './index';\nexport { x } from './index';", ['./index']],
    ["const m = require('../../support/ids');", ['../../support/ids']],
    ["const m = await import('../../../../shared/errors');", ['../../../../shared/errors']],
    ["import Database from 'better-sqlite3-multiple-ciphers';", ['better-sqlite3-multiple-ciphers']],
    ["import { createHash } from 'node:crypto';\nimport type { Migration } from './index';", []],
  ] as const)('the check itself flags live imports: %s', (code, expected) => {
    const file = path.join(tmpdir(), `cpw-migration-check-${process.pid}-${Math.random().toString(36).slice(2)}.ts`);
    writeFileSync(file, code);
    try {
      const offending = nonBuiltinImports(file).filter((i) => !(i.typeOnly && TYPE_ONLY_ALLOWED.has(i.specifier)));
      expect(offending.map((i) => i.specifier)).toEqual(expected);
    } finally {
      rmSync(file);
    }
  });
});
