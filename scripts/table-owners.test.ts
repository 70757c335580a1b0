// Every table with an owner module is read and written only there (STYLE item 22): SQL on
// `photos` lives in main/core/photos/, SQL on `blobs` in main/core/blobs/, and every other module
// calls their named functions, so a restriction or consent check added to the owner cannot be
// forgotten somewhere else. This test finds SQL naming an owned table anywhere else in the
// application's TypeScript. Tests, test-support folders, test helpers (modules that import vitest)
// and the frozen migrations may keep raw SQL: they check or build the storage itself.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');

interface Owner {
  readonly table: string;
  /** The folder (relative to the repository, ending in '/') whose modules may hold this table's SQL. */
  readonly folder: string;
  /** Folders that may only read the table through a `JOIN <table>` in their own queries. */
  readonly joinedFrom: readonly string[];
}

// A photo row names its original and thumbnail blob rows, so the photo queries join `blobs`
// (file size, hash, file names); inserting, changing and deleting blob rows stays in blobs/.
const OWNERS: readonly Owner[] = [
  { table: 'photos', folder: 'main/core/photos/', joinedFrom: [] },
  { table: 'blobs', folder: 'main/core/blobs/', joinedFrom: ['main/core/photos/'] },
];

/** The folders scanned: the application and the tools that drive it. */
const SCANNED = ['main', 'bench'];

interface Violation {
  readonly file: string;
  readonly line: number;
  readonly table: string;
  readonly sql: string;
}

const STATEMENT = /\b(select\b[\s\S]*\bfrom|insert\b[\s\S]*\binto|replace\s+into|update\b[\s\S]*\bset|delete\s+from|(create|drop|alter)\s+(temp\s+|temporary\s+|unique\s+)?(table|index|view|trigger))\b/i;

/** Each piece of string text in the module with its line; a template's static parts joined by `?`. */
function stringTexts(file: string, source: string): Array<{ text: string; line: number }> {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const texts: Array<{ text: string; line: number }> = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      texts.push({ text: node.text, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1 });
      return;
    }
    if (ts.isTemplateExpression(node)) {
      const text = [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(' ? ');
      texts.push({ text, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1 });
      node.templateSpans.forEach((s) => visit(s.expression));
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return texts;
}

/** Whether `file` (repository-relative, '/'-separated) is test code or a migration, which may keep raw SQL. */
function isExempt(file: string, source: string): boolean {
  if (/\.test\.ts$/.test(file) || /(^|\/)test-support\//.test(file) || file.startsWith('main/core/db/migrations/')) return true;
  return /^\s*import\b[^;]*\bfrom\s+['"]vitest['"]/m.test(source);
}

/** SQL naming an owned table outside its owner, in one module's source. */
function tableOwnershipViolations(file: string, source: string): Violation[] {
  if (isExempt(file, source)) return [];
  const found: Violation[] = [];
  for (const { text, line } of stringTexts(file, source)) {
    for (const owner of OWNERS) {
      if (file.startsWith(owner.folder)) continue;
      const namings = text.match(new RegExp(`(?<![\\w.])["'\`\\[]?${owner.table}["'\`\\]]?(?![\\w.(])`, 'gi'))?.length ?? 0;
      const asTable = new RegExp(`\\b(from|join|into|update|table)\\s+["'\`\\[]?${owner.table}\\b`, 'i');
      if (!asTable.test(text) && !(STATEMENT.test(text) && namings > 0)) continue;
      // Where only `JOIN <table>` is allowed, every naming of the table must be one.
      const joins = text.match(new RegExp(`\\bjoin\\s+["'\`\\[]?${owner.table}\\b`, 'gi'))?.length ?? 0;
      if (owner.joinedFrom.some((f) => file.startsWith(f)) && joins === namings) continue;
      found.push({ file, line, table: owner.table, sql: text.replace(/\s+/g, ' ').trim().slice(0, 160) });
    }
  }
  return found;
}

async function moduleFiles(dir: string): Promise<string[]> {
  const entries = await fs.readdir(path.join(root, dir), { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts'))
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
}

describe('table owners', () => {
  it('no module outside an owner folder holds SQL naming its table', async () => {
    const files = (await Promise.all(SCANNED.map(moduleFiles))).flat();
    expect(files.length).toBeGreaterThan(100);
    const violations: Violation[] = [];
    for (const file of files) violations.push(...tableOwnershipViolations(file, await fs.readFile(path.join(root, file), 'utf8')));
    expect(violations.map((v) => `${v.file}:${v.line} (${v.table}) ${v.sql}`)).toEqual([]);
  });

  it.each([
    ['a one-line query', "db.prepare('SELECT 1 FROM photos WHERE id = ?').get(id);", 'photos'],
    ['lower-case SQL', "db.prepare('select id from photos where id = ?').get(id);", 'photos'],
    ['a multi-line template', 'db.prepare(`SELECT p.id\n  FROM deliveries d,\n       photos p WHERE p.id = d.photo_id`).all();', 'photos'],
    ['a template with substitutions', 'db.prepare(`SELECT ${COLUMNS} FROM photos WHERE id = ?`).get(id);', 'photos'],
    ['a sub-select in another table\'s query', "const q = 'SELECT e.id, (SELECT count(*) FROM photos p WHERE p.encounter_id = e.id) FROM encounters e';", 'photos'],
    ['a quoted table name', 'db.prepare(\'DELETE FROM "photos" WHERE id = ?\').run(id);', 'photos'],
    ['an insert', "db.prepare('INSERT OR IGNORE INTO blobs (id) VALUES (?)').run(id);", 'blobs'],
    ['an update', "db.prepare('UPDATE blobs SET key_version = ? WHERE id = ?').run(v, id);", 'blobs'],
    ['a join', "db.prepare('SELECT b.id FROM photos p JOIN blobs b ON b.id = p.original_blob_id').all();", 'blobs'],
  ])('finds %s outside the owner', (_label, code, table) => {
    expect(tableOwnershipViolations('main/core/sync/x.ts', code).map((v) => v.table)).toContain(table);
  });

  it('lets the owner folder hold its own SQL, and photos/ join blobs but not write them', () => {
    expect(tableOwnershipViolations('main/core/photos/x.ts', "db.prepare('DELETE FROM photos WHERE id = ?').run(id);")).toEqual([]);
    expect(tableOwnershipViolations('main/core/blobs/x.ts', "db.prepare('DELETE FROM blobs WHERE id = ?').run(id);")).toEqual([]);
    expect(tableOwnershipViolations('main/core/photos/x.ts', "db.prepare('SELECT b.id FROM photos p JOIN blobs b ON b.id = p.original_blob_id').all();")).toEqual([]);
    expect(tableOwnershipViolations('main/core/photos/x.ts', "db.prepare('DELETE FROM blobs WHERE id = ?').run(id);").map((v) => v.table)).toEqual(['blobs']);
    expect(tableOwnershipViolations('main/core/photos/x.ts', "db.prepare('SELECT 1 FROM photos p JOIN blobs b ON 1 WHERE b.id IN (SELECT id FROM blobs)').all();").map((v) => v.table)).toEqual(['blobs']);
    expect(tableOwnershipViolations('main/core/photos/x.ts', "db.prepare('SELECT 1 FROM photos p JOIN blobs b ON 1, blobs c').all();").map((v) => v.table)).toEqual(['blobs']);
  });

  it('ignores prose, permission names and other tables', () => {
    for (const code of [
      '// Reading photos back: the gallery listing and the blob records behind a photo.',
      "throw new CoreError('PERMISSION_DENIED', 'Your role does not allow exporting photos.');",
      "s.requirePatientAccess(ctx, row.patient_id, 'photos');",
      "this.root = path.join(dataDir, 'blobs');",
      "db.prepare('SELECT photo_id FROM deliveries WHERE id = ?').get(id);",
      "db.prepare('SELECT id FROM encounters WHERE patient_id = ? INDEXED BY photos_by_patient').all(id);",
      "log.info('blob-store.recovered', { removed });",
    ]) {
      expect(tableOwnershipViolations('main/core/sync/x.ts', code), code).toEqual([]);
    }
  });

  it('exempts tests, test-support, test helpers and migrations, and nothing else', () => {
    const sql = "db.prepare('INSERT INTO photos (id) VALUES (?)').run(id);";
    expect(tableOwnershipViolations('main/core/sync/outbox.test.ts', sql)).toEqual([]);
    expect(tableOwnershipViolations('main/core/test-support/fixtures.ts', sql)).toEqual([]);
    expect(tableOwnershipViolations('main/core/keys/test-support/x.ts', sql)).toEqual([]);
    expect(tableOwnershipViolations('main/core/db/migrations/0001-initial.ts', sql)).toEqual([]);
    expect(tableOwnershipViolations('main/core/sync/test-helpers.ts', `import { expect } from 'vitest';\n${sql}`)).toEqual([]);
    expect(tableOwnershipViolations('main/core/sync/outbox.ts', `// uses 'vitest' in a comment\n${sql}`)).not.toEqual([]);
    expect(tableOwnershipViolations('main/core/db/open.ts', sql)).not.toEqual([]);
  });
});
