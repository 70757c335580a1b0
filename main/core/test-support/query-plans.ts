// STYLE item 17: the hot queries use their indexes. The SQL is captured from the real functions as
// they run, then EXPLAIN QUERY PLAN is asked for each statement with the same parameters, so a
// plan test follows the query wherever its owner module changes it.
import type { Db } from '../db/open';
import { registerPatient } from '../patients/patients';

export interface CapturedStatement {
  readonly sql: string;
  readonly params: unknown[];
}

/** The same database, with every statement the code prepares and then runs (all, get, iterate, run) recorded. */
export function recording(db: Db): { db: Db; captured: CapturedStatement[] } {
  const captured: CapturedStatement[] = [];
  const wrapped = new Proxy(db, {
    get(target, prop, receiver) {
      if (prop !== 'prepare') return Reflect.get(target, prop, receiver) as unknown;
      return (sql: string) => {
        const statement = target.prepare(sql);
        const proxy: typeof statement = new Proxy(statement, {
          get(st, name, r) {
            const value = Reflect.get(st, name, r) as unknown;
            if (typeof value !== 'function') return value;
            const method = value as (...p: unknown[]) => unknown;
            const runs = name === 'all' || name === 'get' || name === 'iterate' || name === 'run';
            return (...params: unknown[]) => {
              if (runs) captured.push({ sql, params });
              const out = method.apply(st, params);
              // pluck(), raw() and the like return the statement: keep recording through them.
              return out === st ? proxy : out;
            };
          },
        });
        return proxy;
      };
    },
  });
  return { db: wrapped, captured };
}

/** The plan's detail lines for a captured statement. */
export const queryPlan = (db: Db, { sql, params }: CapturedStatement): string[] =>
  (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>).map((r) => r.detail);

/** Runs `use` against a recording view of `db` and returns the plans of the statements it ran. */
export function plansOf(db: Db, use: (recorded: Db) => unknown): string[][] {
  const { db: recorded, captured } = recording(db);
  use(recorded);
  return captured.map((s) => queryPlan(db, s));
}

/**
 * A clinic's working set for the planner: two dozen staff, 2,000 patients with three photos each
 * (sites and sides set, captured by rotating staff) and their blob rows, then ANALYZE (the
 * planner's choices change with statistics, and `PRAGMA optimize` on close gathers them).
 * Expects user 'u1' to exist.
 */
export function populateClinic(db: Db): void {
  const at = new Date();
  const insertBlob = db.prepare("INSERT INTO blobs (id, file_name, wrapped_key, key_version, byte_size, sha256, created_at) VALUES (?, ?, x'00', 1, 1, 'h', 'now')");
  const insertPhoto = db.prepare(
    `INSERT INTO photos (id, patient_id, encounter_id, captured_at, captured_by, source, device, mime, width, height,
                         original_blob_id, thumbnail_blob_id, thumbnail_width, thumbnail_height, body_site_code, body_site_display, laterality, view)
     VALUES (?, ?, NULL, ?, ?, 'camera', 'cam', 'image/jpeg', 10, 10, ?, ?, 5, 5, ?, 'Site', ?, 'front')`,
  );
  db.transaction(() => {
    for (let u = 2; u <= 25; u++) {
      db.prepare("INSERT INTO users (id, username, display_name, role, created_at) VALUES (?, ?, 'Staff', 'nurse', 'now')").run(`u${u}`, `staff${u}`);
    }
    for (let i = 0; i < 2000; i++) {
      const p = registerPatient(db, at, 'u1', {
        mrn: `MRN-${String(i).padStart(6, '0')}`,
        familyName: `Family${i % 700}`,
        givenName: `Given${i}`,
        birthDate: `19${String(40 + (i % 60)).padStart(2, '0')}-0${1 + (i % 9)}-1${i % 10}`,
        sex: 'U',
      });
      for (let k = 0; k < 3; k++) {
        insertBlob.run(`o${i}-${k}`, `o${i}-${k}.cpb`);
        insertBlob.run(`t${i}-${k}`, `t${i}-${k}.cpb`);
        insertPhoto.run(`ph${i}-${k}`, p.id, `2024-0${1 + k}-01T00:00:00Z`, `u${1 + ((i + k) % 25)}`, `o${i}-${k}`, `t${i}-${k}`, String(100 + (k % 2)), k === 2 ? 'right' : 'left');
      }
    }
  })();
  db.exec('ANALYZE');
}
