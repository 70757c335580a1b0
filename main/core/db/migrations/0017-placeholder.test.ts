// TEMPORARY with 0017-placeholder.ts (branch h-corrections only): the stand-in changes no schema.
import { expect, it } from 'vitest';
import { databaseBefore } from './test-support/seed';
import { MIGRATIONS, migrate } from './index';

it('the stand-in for 0017 changes nothing but the version', () => {
  const { db, at } = databaseBefore(17);
  const schema = () => db.prepare('SELECT sql FROM sqlite_master ORDER BY name').pluck().all();
  const before = schema();
  migrate(db, MIGRATIONS.slice(0, at + 1));
  expect(schema()).toEqual(before);
  expect(db.pragma('user_version', { simple: true })).toBe(17);
});
