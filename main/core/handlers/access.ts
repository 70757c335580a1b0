// Access control use-cases: break-glass, restricted patients, time-bound grants, account expiry,
// settings and the privacy officer's alerts. Every change is audited as a permission change; free
// text (reasons) is stored in the database only, audit details carry identifiers and codes.
import type { z } from 'zod';
import type { AccessAlert, AccessGrant, PatientAccessStatus, RestrictedPatient, StaffAccess } from '../../../shared/channels/access';
import { CoreError } from '../../../shared/errors';
import { ROLES, roleHasPermission, type Role } from '../../../shared/permissions';
import { assertAccountActive, listStaffAccess, setAccountExpiry, type StaffAccessRow } from '../access/accounts';
import { acknowledgeAlert, listAlerts, raiseAlert, type AlertRow } from '../access/alerts';
import { sponsorsOf } from '../access/sponsors';
import { beginBreakGlass, endBreakGlass } from '../access/break-glass';
import { createGrant, listGrants, revokeGrant, type GrantRow } from '../access/grants';
import { patientAccess } from '../access/policy';
import { listRestrictions, restrictPatient, unrestrictPatient, type RestrictionRow } from '../access/restrictions';
import { getAccessSettings, updateAccessSettings } from '../access/settings';
import { recordAudit } from '../audit/audit';
import type { Db } from '../db/open';
import { findPatientByMrn, getPatient } from '../patients/patients';
import type { Handlers } from '../router';
import type { CoreServices } from '../services';
import type { UserSummary } from '../../../shared/domain';
import { writeTransaction } from '../db/write';

const name = (family: string | null, given: string | null): string => `${family ?? ''}, ${given ?? ''}`;

const toRestricted = (r: RestrictionRow): z.infer<typeof RestrictedPatient> => ({
  patientId: r.patient_id,
  mrn: r.mrn,
  name: name(r.family_name, r.given_name),
  category: r.category,
  reason: r.reason,
  restrictedBy: r.restricted_by_name,
  restrictedAt: r.restricted_at,
});

const toGrant = (g: GrantRow): AccessGrant => ({
  id: g.id,
  userId: g.user_id,
  userName: g.user_name,
  patient: g.patient_id ? { id: g.patient_id, mrn: g.mrn ?? '', name: name(g.family_name, g.given_name) } : null,
  startsAt: g.starts_at,
  expiresAt: g.expires_at,
  reason: g.reason,
  grantedBy: g.granted_by_name,
  grantedAt: g.granted_at,
  revokedAt: g.revoked_at,
});

const toStaff = (u: StaffAccessRow): z.infer<typeof StaffAccess> => ({
  id: u.id,
  username: u.username,
  displayName: u.display_name,
  role: (ROLES as readonly string[]).includes(u.role) ? (u.role as Role) : 'front_desk',
  disabled: u.disabled_at !== null,
  accessExpiresAt: u.access_expires_at,
});

const toAlert = (a: AlertRow, mayAcknowledge: boolean): AccessAlert => ({
  id: a.id,
  kind: a.kind,
  raisedAt: a.raised_at,
  user: { id: a.user_id, username: a.username, displayName: a.user_name },
  patient: a.patient_id ? { id: a.patient_id, mrn: a.mrn ?? '', name: name(a.family_name, a.given_name) } : null,
  category: a.category,
  reason: a.reason,
  expiresAt: a.expires_at,
  acknowledgedAt: a.acknowledged_at,
  acknowledgedBy: a.acknowledged_by_name,
  subject: a.subject_username ? { username: a.subject_username, displayName: a.subject_name ?? '' } : null,
  mayAcknowledge,
});

function status(db: Db, user: UserSummary, patientId: string, now: Date): PatientAccessStatus {
  const a = patientAccess(db, user, patientId, now);
  return {
    patientId,
    restricted: a.restricted,
    record: a.record,
    photos: a.photos,
    grantExpiresAt: a.grantExpiresAt,
    breakGlassExpiresAt: a.breakGlassExpiresAt,
    breakGlassMinutes: getAccessSettings(db).breakGlassMinutes,
  };
}

export const accessHandlers = (s: CoreServices): Handlers['access'] => ({
  patientStatus(ctx, req) {
    const { db } = s.workspace();
    getPatient(db, req.patientId);
    return status(db, s.actor(ctx).user, req.patientId, s.clock());
  },

  breakGlass(ctx, req) {
    const { db } = s.workspace();
    const user = s.actor(ctx).user;
    const now = s.clock();
    assertAccountActive(db, user.id, now);
    getPatient(db, req.patientId);
    const before = status(db, user, req.patientId, now);
    const needsPhotos = roleHasPermission(user.role, 'photo.view') && before.photos === 'none';
    // Nothing to break: the user already may open this patient, so no record and no alert.
    if (before.record !== 'none' && !needsPhotos) return before;
    return writeTransaction(db, () => {
      const bg = beginBreakGlass(db, now, { userId: user.id, patientId: req.patientId, category: req.category, reason: req.reason, minutes: before.breakGlassMinutes });
      raiseAlert(db, now, { kind: 'break-glass', userId: user.id, patientId: req.patientId, refId: bg.id });
      recordAudit(db, now, {
        userId: user.id,
        action: 'access.break-glass',
        outcome: 'success',
        patientId: req.patientId,
        detail: `id=${bg.id};category=${req.category};minutes=${before.breakGlassMinutes}`,
      });
      return status(db, user, req.patientId, now);
    });
  },

  endBreakGlass(ctx, req) {
    const { db } = s.workspace();
    const user = s.actor(ctx).user;
    const now = s.clock();
    getPatient(db, req.patientId);
    if (endBreakGlass(db, now, user.id, req.patientId) > 0) {
      s.audit({ userId: user.id, action: 'access.break-glass.end', outcome: 'success', patientId: req.patientId });
    }
    return status(db, user, req.patientId, now);
  },

  listRestricted() {
    return listRestrictions(s.workspace().db).map(toRestricted);
  },

  restrict(ctx, req) {
    const { db } = s.workspace();
    const user = s.actor(ctx).user;
    const patient = findPatientByMrn(db, req.mrn);
    if (!patient) throw new CoreError('NOT_FOUND', 'No patient has this MRN.', { mrn: 'matches no patient' });
    return writeTransaction(db, () => {
      const row = restrictPatient(db, s.clock(), user.id, { patientId: patient.id, category: req.category, reason: req.reason });
      recordAudit(db, s.clock(), { userId: user.id, action: 'access.restrict', outcome: 'success', patientId: patient.id, detail: `category=${req.category}` });
      return toRestricted(row);
    });
  },

  unrestrict(ctx, req) {
    const { db } = s.workspace();
    const user = s.actor(ctx).user;
    writeTransaction(db, () => {
      unrestrictPatient(db, req.patientId);
      recordAudit(db, s.clock(), { userId: user.id, action: 'access.unrestrict', outcome: 'success', patientId: req.patientId });
    });
    return {};
  },

  listStaff() {
    return listStaffAccess(s.workspace().db).map(toStaff);
  },

  listGrants(_ctx, req) {
    return listGrants(s.workspace().db, s.clock(), req.includeEnded).map(toGrant);
  },

  createGrant(ctx, req) {
    const { db } = s.workspace();
    const user = s.actor(ctx).user;
    const now = s.clock();
    let patientId: string | null = null;
    if (req.mrn !== null) {
      const patient = findPatientByMrn(db, req.mrn);
      if (!patient) throw new CoreError('NOT_FOUND', 'No patient has this MRN.', { mrn: 'matches no patient' });
      patientId = patient.id;
    }
    return writeTransaction(db, () => {
      const grant = createGrant(db, now, user.id, { userId: req.userId, patientId, startsAt: req.startsAt, expiresAt: req.expiresAt, reason: req.reason });
      // An administrator widening their own access is exactly what the privacy officer should see.
      if (req.userId === user.id) raiseAlert(db, now, { kind: 'self-grant', userId: user.id, patientId, refId: grant.id });
      recordAudit(db, now, {
        userId: user.id,
        action: 'access.grant',
        outcome: 'success',
        patientId,
        detail: `id=${grant.id};grantee=${req.userId};scope=${patientId ? 'patient' : 'all'};expires=${req.expiresAt}`,
      });
      return toGrant(grant);
    });
  },

  revokeGrant(ctx, req) {
    const { db } = s.workspace();
    const user = s.actor(ctx).user;
    return writeTransaction(db, () => {
      const grant = revokeGrant(db, s.clock(), user.id, req.grantId);
      recordAudit(db, s.clock(), { userId: user.id, action: 'access.grant.revoke', outcome: 'success', patientId: grant.patient_id, detail: `id=${grant.id}` });
      return toGrant(grant);
    });
  },

  setAccountExpiry(ctx, req) {
    const { db } = s.workspace();
    const user = s.actor(ctx).user;
    if (req.userId === user.id && req.expiresAt !== null) {
      throw new CoreError('VALIDATION_FAILED', 'You cannot set an expiry on your own account.', { userId: 'is your own account' });
    }
    return writeTransaction(db, () => {
      setAccountExpiry(db, req.userId, req.expiresAt);
      recordAudit(db, s.clock(), { userId: user.id, action: 'access.account-expiry', outcome: 'success', detail: `user=${req.userId};expires=${req.expiresAt ?? 'never'}` });
      return toStaff(listStaffAccess(db).find((u) => u.id === req.userId)!);
    });
  },

  getSettings() {
    return getAccessSettings(s.workspace().db);
  },

  updateSettings(ctx, req) {
    const { db } = s.workspace();
    return writeTransaction(db, () => {
      const saved = updateAccessSettings(db, req);
      recordAudit(db, s.clock(), {
        userId: s.actor(ctx).user.id,
        action: 'access.settings',
        outcome: 'success',
        detail: `breakGlassMinutes=${saved.breakGlassMinutes};careWindowDays=${saved.careWindowDays}`,
      });
      return saved;
    });
  },

  listAlerts(ctx, req) {
    const { db } = s.workspace();
    const me = s.actor(ctx).user.id;
    const sponsors = sponsorsOf(db, me);
    return listAlerts(db, req.includeAcknowledged).map((a) => toAlert(a, a.acknowledged_at === null && a.user_id !== me && !sponsors.has(a.user_id)));
  },

  acknowledgeAlert(ctx, req) {
    const { db } = s.workspace();
    const user = s.actor(ctx).user;
    try {
      return writeTransaction(db, () => {
        const alert = acknowledgeAlert(db, s.clock(), user.id, req.alertId);
        recordAudit(db, s.clock(), { userId: user.id, action: 'access.alert.acknowledge', outcome: 'success', patientId: alert.patient_id, detail: `id=${alert.id}` });
        return toAlert(alert, false);
      });
    } catch (error) {
      if (error instanceof CoreError && error.code === 'PERMISSION_DENIED') {
        s.audit({ userId: user.id, action: 'access.alert.acknowledge', outcome: 'denied', detail: `id=${req.alertId};SEPARATION_OF_DUTIES` });
      }
      throw error;
    }
  },
});
