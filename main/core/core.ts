// The application core: one object per data directory, shared by every shell. Shells `connect()`
// a client per window (or per CLI run) and pass it requests; sessions and photo handles belong to
// the client, so the renderer never holds a token or a key.
import { promises as fs } from 'node:fs';
import type { ParsedRequestOf } from '../../shared/contract';
import { Mrn } from '../../shared/domain';
import { CoreError } from '../../shared/errors';
import { ROLE_PERMISSIONS } from '../../shared/permissions';
import type { Result } from '../../shared/result';
import { recordAudit, type AuditEvent } from './audit/audit';
import { clinicName, findActiveUser, insertUser } from './auth/users';
import { CameraRegistry, type CameraDriver } from './capture/camera';
import { ingestPhoto } from './capture/ingest';
import { createSimulatedCamera } from './capture/simulated-camera';
import { getPatient, registerPatient, searchPatients, findPatientByMrn } from './patients/patients';
import { getEncounter, listEncounters, startEncounter } from './patients/encounters';
import { PhotoHandles } from './photos/handles';
import { getBlobRecord, getPhotoRow, listPhotoRows, type PhotoRow } from './photos/photos';
import { createRouter, type CallContext, type Handlers, type Session } from './router';
import { newId } from './support/ids';
import { stderrLogger, type Logger } from './support/log';
import { DEFAULT_KDF_COST, type KdfCost } from './vault/kdf';
import { createVault, readVaultLabel, unlockWithPassword, vaultExists } from './vault/vault';
import { openWorkspace, type Workspace } from './workspace';
import { checkPasswordPolicy } from './auth/password-policy';

export interface CoreOptions {
  readonly dataDir: string;
  readonly cameras?: readonly CameraDriver[];
  readonly clock?: () => Date;
  readonly log?: Logger;
  /** Argon2id cost for new key slots; the default suits production workstations. */
  readonly kdfCost?: KdfCost;
}

export interface PhotoBytes {
  readonly mime: string;
  readonly size: number;
  stream(start?: number, end?: number): AsyncGenerator<Buffer>;
}

export interface CoreClient {
  readonly id: string;
  invoke(channel: unknown, payload: unknown): Promise<Result<unknown>>;
  /** Resolves a handle issued to this client; throws CoreError HANDLE_EXPIRED otherwise. */
  resolvePhoto(handle: string): Promise<PhotoBytes>;
  disconnect(): Promise<void>;
}

/** A direct, typed entry for the CLI and tests: the same use-cases, same checks, same audit. */
export interface Core {
  readonly dataDir: string;
  connect(): CoreClient;
  importPhoto(client: CoreClient, input: { mrn: string; bytes: Uint8Array; device: string }): Promise<string>;
  close(): Promise<void>;
}

interface ClientState {
  session: Session | null;
  readonly handles: PhotoHandles;
}

export function createCore(options: CoreOptions): Core {
  const { dataDir } = options;
  const clock = options.clock ?? (() => new Date());
  const log = options.log ?? stderrLogger;
  const kdfCost = options.kdfCost ?? DEFAULT_KDF_COST;
  const cameras = new CameraRegistry(options.cameras ?? [createSimulatedCamera()]);
  const clients = new Map<string, ClientState>();
  let workspace: Workspace | null = null;
  let opening: Promise<void> = Promise.resolve();

  const ws = (): Workspace => {
    if (!workspace) throw new CoreError('NOT_SIGNED_IN', 'Please sign in.');
    return workspace;
  };
  const audit = (event: AuditEvent) => {
    if (workspace) recordAudit(workspace.db, clock(), event);
  };
  const state = (ctx: CallContext): ClientState => {
    const s = clients.get(ctx.clientId);
    if (!s) throw new CoreError('NOT_SIGNED_IN', 'Please sign in.');
    return s;
  };
  const actor = (ctx: CallContext): Session => {
    if (!ctx.session) throw new CoreError('NOT_SIGNED_IN', 'Please sign in.');
    return ctx.session;
  };

  /** Serialises vault opening so two sign-ins never open the database twice. */
  const withOpening = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = opening.then(fn);
    opening = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  };

  const sessionInfo = (session: Session) => ({
    user: session.user,
    clinicName: clinicName(ws().db),
    permissions: [...ROLE_PERMISSIONS[session.user.role]],
  });

  const beginSession = (ctx: CallContext, user: Session['user']) => {
    const session: Session = { user, startedAt: clock() };
    state(ctx).session = session;
    audit({ userId: user.id, action: 'session.sign-in', outcome: 'success' });
    return sessionInfo(session);
  };

  const endSession = (client: ClientState) => {
    if (!client.session) return;
    audit({ userId: client.session.user.id, action: 'session.sign-out', outcome: 'success' });
    client.session = null;
    client.handles.clear();
    if (![...clients.values()].some((c) => c.session)) {
      workspace?.close();
      workspace = null;
    }
  };

  const photoView = (row: PhotoRow, client: ClientState, userId: string) => ({
    id: row.id,
    patientId: row.patient_id,
    encounterId: row.encounter_id,
    capturedAt: row.captured_at,
    capturedBy: row.captured_by_name,
    source: row.source,
    device: row.device,
    mime: row.mime,
    width: row.width,
    height: row.height,
    byteSize: row.byte_size,
    sha256: row.sha256,
    thumbnail: {
      handle: client.handles.issue({ blobId: row.thumbnail_blob_id, mime: 'image/jpeg', userId }),
      width: row.thumbnail_width,
      height: row.thumbnail_height,
    },
  });

  const handlers: Handlers = {
    setup: {
      async status() {
        return { initialized: await vaultExists(dataDir), clinicName: await readVaultLabel(dataDir) };
      },
      initialize: (ctx, req) =>
        withOpening(async () => {
          checkPasswordPolicy(req.admin.password, req.admin.username);
          const keys = await createVault(dataDir, {
            clinicName: req.clinicName,
            username: req.admin.username,
            password: req.admin.password,
            cost: kdfCost,
          });
          workspace = await openWorkspace(dataDir, keys, log);
          const at = clock();
          const db = workspace.db;
          const admin = db.transaction(() => {
            db.prepare('INSERT INTO clinic (id, name, created_at) VALUES (1, ?, ?)').run(req.clinicName, at.toISOString());
            const user = insertUser(db, at, { username: req.admin.username, displayName: req.admin.displayName, role: 'administrator' });
            recordAudit(db, at, { userId: user.id, action: 'clinic.initialize', outcome: 'success' });
            return user;
          })();
          log.info('clinic.initialized');
          return beginSession(ctx, admin);
        }),
    },
    session: {
      signIn: (ctx, req) =>
        withOpening(async () => {
          const keys = await unlockWithPassword(dataDir, req.username, req.password);
          if (!workspace) workspace = await openWorkspace(dataDir, keys, log);
          else keys.wipe();
          const user = findActiveUser(workspace.db, req.username);
          if (!user) {
            audit({ userId: null, action: 'session.sign-in', outcome: 'failure', detail: 'ACCOUNT_DISABLED' });
            if (![...clients.values()].some((c) => c.session)) {
              workspace.close();
              workspace = null;
            }
            throw new CoreError('INVALID_CREDENTIALS', 'Username or password is incorrect.');
          }
          const previous = state(ctx);
          if (previous.session) endSession(previous);
          return beginSession(ctx, user);
        }),
      signOut(ctx) {
        endSession(state(ctx));
        return {};
      },
      current(ctx) {
        return ctx.session && workspace ? sessionInfo(ctx.session) : null;
      },
    },
    patients: {
      register(ctx, req) {
        const { db } = ws();
        const user = actor(ctx).user;
        const patient = db.transaction(() => {
          const p = registerPatient(db, clock(), user.id, req);
          recordAudit(db, clock(), { userId: user.id, action: 'patient.register', outcome: 'success', patientId: p.id });
          return p;
        })();
        return patient;
      },
      search(ctx, req) {
        const result = searchPatients(ws().db, req.query, req.limit);
        audit({ userId: actor(ctx).user.id, action: 'patient.search', outcome: 'success', detail: `results=${result.patients.length}` });
        return result;
      },
      findByMrn(ctx, req) {
        const patient = findPatientByMrn(ws().db, req.mrn);
        audit({ userId: actor(ctx).user.id, action: 'patient.lookup', outcome: patient ? 'success' : 'failure', patientId: patient?.id ?? null });
        return patient;
      },
      get(ctx, req) {
        const patient = getPatient(ws().db, req.patientId);
        audit({ userId: actor(ctx).user.id, action: 'patient.view', outcome: 'success', patientId: patient.id });
        return patient;
      },
    },
    encounters: {
      start(ctx, req) {
        const { db } = ws();
        const user = actor(ctx).user;
        return db.transaction(() => {
          const e = startEncounter(db, clock(), user.id, req);
          recordAudit(db, clock(), { userId: user.id, action: 'encounter.start', outcome: 'success', patientId: e.patientId });
          return e;
        })();
      },
      list(_ctx, req) {
        return listEncounters(ws().db, req.patientId);
      },
    },
    cameras: {
      list() {
        const defaultId = cameras.defaultId();
        return cameras.list().map((d) => ({ id: d.id, label: d.label, kind: d.kind, isDefault: d.id === defaultId }));
      },
    },
    capture: {
      async take(ctx, req: ParsedRequestOf<'capture', 'take'>) {
        const { db, blobs } = ws();
        const user = actor(ctx).user;
        const encounter = getEncounter(db, req.encounterId);
        const driver = cameras.get(req.cameraId);
        if (!driver) throw new CoreError('CAMERA_UNAVAILABLE', 'That camera is not connected.');
        let frame;
        try {
          frame = await driver.capture();
        } catch (error) {
          if (error instanceof CoreError) throw error;
          log.error('capture.driver-failed', error, { camera: driver.kind });
          throw new CoreError('CAPTURE_FAILED', 'The camera did not deliver a photo. Check it and try again.');
        }
        const photoId = await ingestPhoto(db, blobs, {
          bytes: frame.bytes,
          patientId: encounter.patientId,
          encounterId: encounter.id,
          userId: user.id,
          source: 'camera',
          device: frame.device,
          at: clock(),
        });
        return photoView(getPhotoRow(db, photoId), state(ctx), user.id);
      },
    },
    photos: {
      list(ctx, req) {
        const { db } = ws();
        const user = actor(ctx).user;
        getPatient(db, req.patientId);
        const rows = listPhotoRows(db, req.patientId);
        audit({ userId: user.id, action: 'photo.list', outcome: 'success', patientId: req.patientId, detail: `count=${rows.length}` });
        return rows.map((row) => photoView(row, state(ctx), user.id));
      },
      open(ctx, req) {
        const { db } = ws();
        const user = actor(ctx).user;
        const row = getPhotoRow(db, req.photoId);
        audit({ userId: user.id, action: 'photo.view', outcome: 'success', patientId: row.patient_id, photoId: row.id });
        const handle = state(ctx).handles.issue({ blobId: row.original_blob_id, mime: row.mime, userId: user.id });
        return { handle, mime: row.mime, width: row.width, height: row.height };
      },
    },
  };

  const route = createRouter(
    handlers,
    {
      onDenied(ctx, channel, code) {
        audit({ userId: ctx.session?.user.id ?? null, action: channel, outcome: 'denied', detail: code });
      },
    },
    log,
  );

  const connect = (): CoreClient => {
    const id = newId();
    const client: ClientState = { session: null, handles: new PhotoHandles(() => clock().getTime()) };
    clients.set(id, client);
    return {
      id,
      invoke: (channel, payload) => route({ clientId: id, session: client.session }, channel, payload),
      async resolvePhoto(handle) {
        const target = client.session ? client.handles.resolve(handle) : null;
        if (!target || !workspace || target.userId !== client.session?.user.id) {
          throw new CoreError('HANDLE_EXPIRED', 'This image link has expired; reopen the photo.');
        }
        const record = getBlobRecord(workspace.db, target.blobId);
        const blobs = workspace.blobs;
        return { mime: target.mime, size: record.byteSize, stream: (start, end) => blobs.stream(record, start, end) };
      },
      async disconnect() {
        endSession(client);
        clients.delete(id);
      },
    };
  };

  return {
    dataDir,
    connect,
    async importPhoto(client, input) {
      const ctxSession = clients.get(client.id)?.session;
      if (!ctxSession) throw new CoreError('NOT_SIGNED_IN', 'Please sign in.');
      if (!ROLE_PERMISSIONS[ctxSession.user.role].includes('photo.import')) throw new CoreError('PERMISSION_DENIED', 'Your role does not allow importing photos.');
      const { db, blobs } = ws();
      const mrn = Mrn.safeParse(input.mrn);
      const patient = mrn.success ? findPatientByMrn(db, mrn.data) : null;
      if (!patient) throw new CoreError('NOT_FOUND', 'No patient has this MRN.');
      return ingestPhoto(db, blobs, {
        bytes: input.bytes,
        patientId: patient.id,
        encounterId: null,
        userId: ctxSession.user.id,
        source: 'import',
        device: input.device,
        at: clock(),
      });
    },
    async close() {
      await opening;
      for (const client of clients.values()) endSession(client);
      clients.clear();
      workspace?.close();
      workspace = null;
    },
  };
}

/** Ensures a data directory exists with owner-only permissions. */
export async function prepareDataDir(dataDir: string): Promise<void> {
  await fs.mkdir(dataDir, { recursive: true, mode: 0o700 });
}
