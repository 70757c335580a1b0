// The router is the only door into the core: unknown channels, local-only channels from a window,
// bad payloads, missing sessions and missing permissions are refused before any use-case runs.
// Every channel × every role × window or local client is checked against the permission matrix,
// and every channel's declared policy (audit action, activity) is what the router applies.
import { describe, expect, it } from 'vitest';
import { channelEntries, findChannel, type ChannelName } from '../../shared/contract';
import { AUDIT_ACTIONS } from '../../shared/audit-actions';
import { ROLES, roleHasPermission, type Role } from '../../shared/permissions';
import { createRouter, type Handlers } from './router';
import { silentLogger } from './support/log';

/** Handlers that record the call and fail the response schema on purpose (we only test the door). */
function recordingHandlers(calls: string[]): Handlers {
  const handlers: Record<string, Record<string, () => never>> = {};
  for (const [name] of channelEntries()) {
    const [area, method] = name.split('.') as [string, string];
    handlers[area] ??= {};
    handlers[area][method] = () => {
      calls.push(name);
      throw new Error('reached');
    };
  }
  return handlers as unknown as Handlers;
}

const session = (role: Role) => ({ user: { id: 'a'.repeat(32), username: 'u', displayName: 'U', role }, startedAt: new Date() });

/** A payload that passes validation for each channel, so only access decides. */
/** A valid CaptureContext for the camera channels' samples. */
const CAPTURE_CONTEXT_SAMPLE = { bodySite: { code: '368208006', display: 'Left upper arm structure' }, laterality: 'left', view: 'anterior' };

const VALID: Record<ChannelName, unknown> = {
  'setup.status': {},
  'setup.initialize': { clinicName: 'Clinic', admin: { username: 'admin', displayName: 'A', password: 'x' } },
  'session.signIn': { username: 'admin', password: 'x' },
  'session.signOut': {},
  'session.current': {},
  'session.verifySecondFactor': { code: '123456' },
  'session.lock': {},
  'session.unlock': { password: 'x' },
  'session.switchUser': { username: 'other', password: 'x' },
  'session.changePassword': { currentPassword: 'x', newPassword: 'y' },
  'session.beginTotpEnrollment': {},
  'session.confirmTotpEnrollment': { code: '123456' },
  'session.removeTotp': { password: 'x' },
  'users.list': {},
  'users.create': { username: 'newbie', displayName: 'N', role: 'clinician', initialPassword: 'x' },
  'users.update': { userId: 'b'.repeat(32), role: 'clinician' },
  'users.disable': { userId: 'b'.repeat(32) },
  'users.enable': { userId: 'b'.repeat(32), initialPassword: 'x' },
  'users.resetSecondFactor': { userId: 'b'.repeat(32) },
  'users.getSettings': {},
  'users.updateSettings': { idleLockMinutes: 5, secondFactorRequiredFor: ['administrator'] },
  'patients.register': { mrn: 'M1', familyName: 'F', givenName: 'G', birthDate: '2000-01-01', sex: 'F' },
  'patients.search': { query: 'x' },
  'patients.get': { patientId: 'b'.repeat(32) },
  'patients.findByMrn': { mrn: 'M1' },
  'encounters.start': { patientId: 'b'.repeat(32) },
  'encounters.list': { patientId: 'b'.repeat(32) },
  'cameras.list': {},
  'cameras.liveViewStart': { cameraId: 'gphoto2:usb:001,004' },
  'cameras.liveViewFrame': { sessionId: 'c'.repeat(32), after: 0 },
  'cameras.liveViewStop': { sessionId: 'c'.repeat(32) },
  'cameras.decodeBarcode': { imageBase64: '/9j/4AAQSkZJRg==' },
  'capture.ingestFrame': { encounterId: 'b'.repeat(32), patientId: 'a'.repeat(32), context: CAPTURE_CONTEXT_SAMPLE, imageBase64: '/9j/4AAQSkZJRg==', device: 'USB webcam' },
  'capture.tetheredStart': { encounterId: 'b'.repeat(32), patientId: 'a'.repeat(32), context: CAPTURE_CONTEXT_SAMPLE, cameraId: 'gphoto2:usb:001,004' },
  'capture.tetheredPoll': { sessionId: 'c'.repeat(32) },
  'capture.tetheredStop': { sessionId: 'c'.repeat(32) },
  'capture.take': { encounterId: 'b'.repeat(32), cameraId: 'simulated:0', context: { bodySite: { code: '73897004', display: 'Skin of face' }, laterality: 'unpaired', view: 'anterior' } },
  'photos.list': { patientId: 'b'.repeat(32) },
  'photos.open': { photoId: 'b'.repeat(32) },
  'photos.import': { mrn: 'M1', bytes: new Uint8Array([0xff, 0xd8, 0xff]), device: 'File import (CLI)' },
  'photos.export': { photoId: 'b'.repeat(32), format: 'dicom' },
  'standards.previousPhoto': { patientId: 'b'.repeat(32), bodySiteCode: '33712006', laterality: 'left', view: 'dorsal' },
  'standards.discardCapture': { photoId: 'b'.repeat(32) },
  'standards.keepCapture': { photoId: 'b'.repeat(32) },
  'access.patientStatus': { patientId: 'b'.repeat(32) },
  'access.breakGlass': { patientId: 'b'.repeat(32), category: 'emergency', reason: 'Patient collapsed in the waiting room' },
  'access.endBreakGlass': { patientId: 'b'.repeat(32) },
  'access.listRestricted': {},
  'access.restrict': { mrn: 'M1', category: 'staff', reason: 'Member of staff' },
  'access.unrestrict': { patientId: 'b'.repeat(32) },
  'access.listStaff': {},
  'access.listGrants': {},
  'access.createGrant': { userId: 'c'.repeat(32), mrn: null, startsAt: '2026-01-01T00:00:00.000Z', expiresAt: '2026-02-01T00:00:00.000Z', reason: 'Locum cover for January' },
  'access.revokeGrant': { grantId: 'd'.repeat(32) },
  'access.setAccountExpiry': { userId: 'c'.repeat(32), expiresAt: null },
  'access.getSettings': {},
  'access.updateSettings': { breakGlassMinutes: 60, careWindowDays: 30 },
  'access.listAlerts': {},
  'access.acknowledgeAlert': { alertId: 'e'.repeat(32) },
  'audit.search': { action: 'photo.view', page: 0, pageSize: 20 },
  'audit.exportCsv': { from: '2026-01-01', to: '2026-01-31' },
  'audit.exportLog': {},
  'audit.verify': {},
  'audit.anomalies': {},
  'audit.settings': {},
  'audit.saveThresholds': {
    thresholds: {
      massView: { count: 50, windowMinutes: 10 },
      massExport: { count: 10, windowMinutes: 60 },
      failedLogins: { count: 5, windowMinutes: 15 },
      businessHours: { start: '07:00', end: '19:00', weekendsAreAfterHours: true },
    },
  },
  'audit.saveForwarding': { enabled: false, host: '', port: 6514, caPem: '' },
  'keys.status': {},
  'keys.regenerateRecoveryCode': { password: 'wrong password here' },
  'keys.enableDeviceKey': { password: 'wrong password here' },
  'keys.disableDeviceKey': { password: 'wrong password here' },
  'keys.rotate': { password: 'wrong password here' },
  'keys.recover': { username: 'nobody', recoveryCode: 'not-a-code', newPassword: 'another long password' },
  'delivery.listTargets': {},
  'delivery.createTarget': { target: { name: 'PACS', kind: 'dicomweb', baseUrl: 'https://pacs.example.org/dicom-web', authKind: 'basic', username: 'sync', secret: 's3cret' } },
  'delivery.updateTarget': { targetId: 'b'.repeat(32), target: { name: 'EMR', kind: 'fhir', baseUrl: 'https://emr.example.org/fhir', authKind: 'none' } },
  'delivery.testTarget': { targetId: 'b'.repeat(32) },
  'delivery.backfill': { targetId: 'b'.repeat(32) },
  'delivery.status': {},
  'delivery.forPhotos': { photoIds: ['b'.repeat(32)] },
  'delivery.retry': { deliveryId: 'b'.repeat(32) },
  'worklist.getSettings': {},
  'worklist.saveSettings': { settings: { host: '127.0.0.1', port: 104, calledAe: 'WL', callingAe: 'CAM' } },
  'worklist.query': {},
  'worklist.choose': { key: 'ACC\\SPS' },
};

describe('router', () => {
  it('has a valid sample payload for every channel', () => {
    for (const [name, def] of channelEntries()) expect(def.request.safeParse(VALID[name]).success, name).toBe(true);
  });

  it('refuses unknown channels and non-string names', async () => {
    const calls: string[] = [];
    const route = createRouter(recordingHandlers(calls), { onDenied() {} }, silentLogger);
    for (const name of ['nope', 'patients.delete', '__proto__', 'toString', 42, null]) {
      const r = await route({ clientId: 'c', session: session('administrator') }, name, {});
      expect(r).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    }
    expect(calls).toEqual([]);
  });

  it('validates payloads before the use-case runs, naming the fields', async () => {
    const calls: string[] = [];
    const route = createRouter(recordingHandlers(calls), { onDenied() {} }, silentLogger);
    const r = await route({ clientId: 'c', session: session('administrator') }, 'patients.register', {
      mrn: 'M 1 !',
      familyName: '',
      givenName: 'G',
      birthDate: '2000-02-30',
      sex: 'X',
      extra: 1,
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(r.error.fields ?? {}).sort()).toEqual(['_', 'birthDate', 'familyName', 'mrn', 'sex']);
    expect(calls).toEqual([]);
  });

  const cases = channelEntries().flatMap(([name, def]) =>
    [false, true].flatMap((local) => [...ROLES.map((role) => [name, def.access, role, local] as const), [name, def.access, null, local] as const]),
  );

  it.each(cases)('%s as %j for %s (local client: %s) follows the matrix', async (name, access, role, local) => {
    const calls: string[] = [];
    const denied: string[] = [];
    const route = createRouter(recordingHandlers(calls), { onDenied: (_c, ch, def, code) => denied.push(`${ch}:${code}:${def.audit}`) }, silentLogger);
    const r = await route({ clientId: 'c', session: role ? session(role) : null, local }, name, VALID[name]);
    const declared = findChannel(name)!.audit;
    if (access.kind === 'local' && !local) {
      expect(calls).toEqual([]);
      expect(r).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
      expect(denied).toEqual([`${name}:LOCAL_ONLY:${declared}`]);
      return;
    }
    const allowed =
      access.kind === 'public' || (role !== null && (access.kind === 'session' || roleHasPermission(role, access.permission)));
    if (allowed) {
      expect(calls).toEqual([name]);
      expect(r).toMatchObject({ ok: false, error: { code: 'INTERNAL' } }); // the recording handler throws
    } else {
      expect(calls).toEqual([]);
      const code = role === null ? 'NOT_SIGNED_IN' : 'PERMISSION_DENIED';
      expect(r).toMatchObject({ ok: false, error: { code } });
      expect(denied).toEqual([`${name}:${code}:${declared}`]);
    }
  });

  it('declares for every channel an audit action from the shared list, and activity', () => {
    for (const [name, def] of channelEntries()) {
      expect(def.audit === null || AUDIT_ACTIONS.includes(def.audit), name).toBe(true);
      expect(typeof def.activity, name).toBe('boolean');
    }
    // Writes always record something: a channel that changes state never declares `audit: null`.
    const writes = channelEntries().filter(([name]) => /\.(register|start|create|update|initialize|restrict|unrestrict|import|export|retry|backfill|take|rotate|recover|disable|enable|save\w*)$/.test(name));
    for (const [name, def] of writes) expect(def.audit, name).not.toBeNull();
  });

  it('reports each call to the idle check with the activity its channel declares', async () => {
    const seen: Array<[string, boolean]> = [];
    const route = createRouter(recordingHandlers([]), { onCall: (_c, activity) => seen.push(['', activity]), onDenied() {} }, silentLogger);
    for (const [name, def] of channelEntries()) {
      seen.length = 0;
      await route({ clientId: 'c', session: session('administrator'), local: true }, name, VALID[name]);
      expect(seen, name).toEqual([['', def.activity]]);
    }
    // The renderer's polls are not activity; an unknown name is not either.
    for (const poll of ['session.current', 'delivery.status', 'delivery.forPhotos', 'cameras.liveViewFrame', 'capture.tetheredPoll'] as const) {
      expect(findChannel(poll)!.activity, poll).toBe(false);
    }
    seen.length = 0;
    await route({ clientId: 'c', session: session('administrator') }, 'nope', {});
    expect(seen).toEqual([['', false]]);
  });

  it('refuses a response that does not match the contract', async () => {
    const handlers = recordingHandlers([]);
    (handlers.setup as unknown as Record<string, () => unknown>).status = () => ({ initialized: 'yes' });
    const route = createRouter(handlers, { onDenied() {} }, silentLogger);
    expect(await route({ clientId: 'c', session: null }, 'setup.status', {})).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });
});
