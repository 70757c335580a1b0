// The exact-MRN look-up through a real core: it reveals no demographics (a restricted patient's
// name, birth date and sex stay behind `patients.get`), it is rate-limited per user with a named
// error, and every look-up, refused ones included, is in the audit log and the anomaly list.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Patient } from '../../../shared/domain';
import type { Result } from '../../../shared/result';
import type { CoreClient } from '../core';
import { findAnomalies } from '../audit/anomalies';
import { DEFAULT_AUDIT_THRESHOLDS } from '../../../shared/channels/audit';
import { LOOKUP_BURST, LOOKUP_REFILL_MS } from '../patients/lookup-limit';
import { ADMIN, initializedClinic, unwrap } from '../test-support/fixtures';
import { addStaff, signedIn, withDatabase } from './test-staff';

const VIP = { mrn: 'VIP-0042', familyName: 'Starling', givenName: 'Celestine', birthDate: '1979-06-02', sex: 'F' } as const;
const OPEN = { mrn: 'MRN-1001', familyName: 'Brookfield', givenName: 'Ottilie', birthDate: '1961-03-14', sex: 'F' } as const;

let now: number;
let clinic: Awaited<ReturnType<typeof initializedClinic>>;
let admin: CoreClient;
let clin: CoreClient;
let desk: CoreClient;
let vip: Patient;
let open: Patient;

beforeEach(async () => {
  now = Date.parse('2026-03-02T09:00:00.000Z');
  clinic = await initializedClinic({ clock: () => new Date(now) });
  await addStaff(clinic.dir, { clin: 'clinician', desk: 'front_desk', privacy: 'privacy_officer' }, new Date(now));
  admin = await signedIn(clinic.core, ADMIN.username, ADMIN.password);
  clin = await signedIn(clinic.core, 'clin');
  desk = await signedIn(clinic.core, 'desk');
  vip = unwrap<Patient>(await admin.api.patients.register(VIP));
  open = unwrap<Patient>(await admin.api.patients.register(OPEN));
  const privacy = await signedIn(clinic.core, 'privacy');
  unwrap(await privacy.api.access.restrict({ mrn: VIP.mrn, category: 'vip', reason: 'Public figure' }));
});

afterEach(() => clinic.dispose());

const lookup = (client: CoreClient, mrn: string) => client.api.patients.findByMrn({ mrn }) as Promise<Result<unknown>>;

describe('exact-MRN look-up', () => {
  it('answers id, MRN and the restricted flag only, for restricted and open patients alike', async () => {
    expect(unwrap(await clin.api.patients.findByMrn({ mrn: 'vip-0042' }))).toEqual({ id: vip.id, mrn: VIP.mrn, restricted: true });
    expect(unwrap(await clin.api.patients.findByMrn({ mrn: OPEN.mrn }))).toEqual({ id: open.id, mrn: OPEN.mrn, restricted: false });
    expect(unwrap(await clin.api.patients.findByMrn({ mrn: 'NOPE-1' }))).toBeNull();
    // Opening the restricted record is still refused; the look-up gave nothing to read.
    expect(await clin.api.patients.get({ patientId: vip.id })).toMatchObject({ ok: false, error: { code: 'PATIENT_RESTRICTED' } });
  });

  it('is rate-limited per user with RATE_LIMITED, audited, and counted as viewing in the anomaly list', async () => {
    const outcomes: string[] = [];
    for (let i = 0; i < 1000; i++) {
      const r = await lookup(desk, `MRN-${String(i).padStart(4, '0')}`);
      outcomes.push(r.ok ? 'ok' : r.error.code);
    }
    expect(outcomes.filter((o) => o === 'ok')).toHaveLength(LOOKUP_BURST);
    expect(outcomes.slice(LOOKUP_BURST).every((o) => o === 'RATE_LIMITED')).toBe(true);
    const refused = await lookup(desk, OPEN.mrn);
    expect(refused).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED', fields: { retryAfterSeconds: '2' } } });

    // Another user is not slowed by this one, and the same user gets one more look-up per refill.
    expect(unwrap(await clin.api.patients.findByMrn({ mrn: OPEN.mrn }))).toMatchObject({ id: open.id });
    now += LOOKUP_REFILL_MS;
    expect(unwrap(await desk.api.patients.findByMrn({ mrn: OPEN.mrn }))).toMatchObject({ id: open.id });
    expect(await lookup(desk, OPEN.mrn)).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });

    await withDatabase(clinic.dir, (db) => {
      const deskId = db.prepare("SELECT id FROM users WHERE username = 'desk'").pluck().get() as string;
      const counts = db
        .prepare("SELECT outcome, count(*) AS n FROM audit_events WHERE action = 'patient.lookup' AND user_id = ? GROUP BY outcome ORDER BY outcome")
        .all(deskId);
      expect(counts).toEqual([
        { outcome: 'denied', n: 1000 - LOOKUP_BURST + 2 },
        { outcome: 'failure', n: LOOKUP_BURST },
        { outcome: 'success', n: 1 },
      ]);
      const found = findAnomalies(db, new Date(now - 3_600_000).toISOString(), new Date(now + 60_000).toISOString(), DEFAULT_AUDIT_THRESHOLDS).anomalies;
      expect(found.filter((a) => a.kind === 'mass-view').map((a) => [a.userId, a.count])).toEqual([[deskId, 1003]]);
    });
  });
});
