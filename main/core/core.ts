// The application core: one object per data directory, shared by every shell. Shells `connect()`
// a client per window (or per CLI run) and pass it requests; sessions and photo handles belong to
// the client, so the renderer never holds a token or a key. Use-cases live in handlers/, one file
// per area; this file owns the state they share (the open workspace and the clients).
import { promises as fs } from 'node:fs';
import { Mrn } from '../../shared/domain';
import { CoreError, isCoreError } from '../../shared/errors';
import { ROLE_PERMISSIONS, roleHasPermission } from '../../shared/permissions';
import type { Result } from '../../shared/result';
import { checkPatientAccess } from './access/guard';
import { recordAudit } from './audit/audit';
import { SignInThrottle } from './auth/sign-in-throttle';
import { clinicName } from './auth/users';
import { CameraRegistry, type CameraDriver } from './capture/camera';
import { ingestPhoto } from './capture/ingest';
import { exportPhoto, type ExportFormat, type PhotoExport } from './interop/photo-export';
import { createSimulatedCamera } from './capture/simulated-camera';
import { gphoto2Discovery } from './capture/gphoto2/driver';
import { accessHandlers } from './handlers/access';
import { auditHandlers } from './handlers/audit';
import { cameraHandlers, captureHandlers } from './handlers/capture';
import { deliveryHandlers } from './handlers/delivery';
import { encounterHandlers, patientHandlers } from './handlers/patients';
import { keyHandlers } from './handlers/keys';
import { photoHandlers } from './handlers/photos';
import { standardsHandlers } from './handlers/standards';
import { sessionHandlers } from './handlers/session';
import { setupHandlers } from './handlers/setup';
import { userHandlers } from './handlers/users';
import { findPatientByMrn } from './patients/patients';
import { PhotoHandles } from './photos/handles';
import { getBlobRecord } from './photos/photos';
import { createRouter, type Handlers, type Session } from './router';
import { SyncService, type SyncServiceOptions } from './sync/sync-service';
import type { ClientState, CoreServices } from './services';
import { enforceIdleLock, initialRestriction, lockSession, sessionExtras, type LockReason } from './sessions/session-state';
import { newId } from './support/ids';
import { stderrLogger, type Logger } from './support/log';
import type { KeyProtector } from './keys/key-protector';
import { DEFAULT_KDF_COST, type KdfCost } from './vault/kdf';
import { openWorkspace, type Workspace } from './workspace';

/** Polled by the renderer on a timer, never a person's input: they do not postpone the idle lock. */
const PASSIVE_CHANNELS: ReadonlySet<unknown> = new Set(['session.current', 'delivery.status', 'delivery.forPhotos']);

export interface CoreOptions {
  readonly dataDir: string;
  readonly cameras?: readonly CameraDriver[];
  readonly clock?: () => Date;
  readonly log?: Logger;
  /** Argon2id cost for new key slots; the default suits production workstations. */
  readonly kdfCost?: KdfCost;
  /** The OS key store for the optional device key slot (none: the device key is unavailable). */
  readonly keyProtector?: KeyProtector;
  /** The delivery worker's pacing (tests shorten it); it always runs while the workspace is open. */
  readonly sync?: Omit<SyncServiceOptions, 'log'>;
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
  /** One photo as DICOM Part 10 or a FHIR transaction Bundle (main/core/interop/photo-export.ts). */
  exportPhoto(client: CoreClient, input: { photoId: string; format: ExportFormat }): Promise<PhotoExport>;
  /** Locks every session at once (the Electron shell calls this on OS lock screen and suspend). */
  lockAllSessions(reason: Extract<LockReason, 'OS_LOCK' | 'SUSPEND'>): void;
  close(): Promise<void>;
}

export function createCore(options: CoreOptions): Core {
  const { dataDir } = options;
  const clock = options.clock ?? (() => new Date());
  const log = options.log ?? stderrLogger;
  const clients = new Map<string, ClientState>();
  let workspace: Workspace | null = null;
  let queue: Promise<void> = Promise.resolve();
  const sync = new SyncService({ log, ...options.sync });

  const notSignedIn = () => new CoreError('NOT_SIGNED_IN', 'Please sign in.');
  // A sign-in waiting for its TOTP code keeps the vault open, but only until it lapses.
  const anySession = () => [...clients.values()].some((c) => c.session || (c.pending && c.pending.expiresAt > clock().getTime()));

  const services: CoreServices = {
    dataDir,
    clock,
    log,
    kdfCost: options.kdfCost ?? DEFAULT_KDF_COST,
    sync,
    // With no cameras given (production), attached tethered cameras are discovered through gphoto2.
    cameras: new CameraRegistry(options.cameras ?? [createSimulatedCamera()], options.cameras ? undefined : gphoto2Discovery()),
    workspace() {
      if (!workspace) throw notSignedIn();
      return workspace;
    },
    isOpen: () => workspace !== null,
    audit(event) {
      if (workspace) recordAudit(workspace.db, clock(), event);
    },
    actor(ctx) {
      if (!ctx.session) throw notSignedIn();
      return ctx.session;
    },
    client(ctx) {
      const state = clients.get(ctx.clientId);
      if (!state) throw notSignedIn();
      return state;
    },
    exclusive(fn) {
      const run = queue.then(fn);
      queue = run.then(
        () => undefined,
        () => undefined,
      );
      return run;
    },
    async adoptKeys(keys) {
      if (workspace) {
        keys.wipe();
        return workspace;
      }
      workspace = await openWorkspace(dataDir, keys, log);
      sync.start(workspace);
      return workspace;
    },
    beginSession(ctx, user) {
      const session: Session = { user, startedAt: clock(), restriction: initialRestriction(services.workspace().db, user) };
      services.client(ctx).session = session;
      services.audit({ userId: user.id, action: 'session.sign-in', outcome: 'success' });
      return services.sessionInfo(session);
    },
    endSession(client) {
      if (!client.session) return;
      services.audit({ userId: client.session.user.id, action: 'session.sign-out', outcome: 'success' });
      client.session = null;
      client.handles.clear();
      services.closeIfIdle();
    },
    closeIfIdle() {
      if (anySession()) return;
      // The worker holds its own copies of the keys: it wipes them as it stops.
      void sync.stop();
      workspace?.close();
      workspace = null;
    },
    sessionInfo(session) {
      const { db } = services.workspace();
      return { user: session.user, clinicName: clinicName(db), permissions: [...ROLE_PERMISSIONS[session.user.role]], ...sessionExtras(db, session) };
    },
    throttle: new SignInThrottle(dataDir),
    requirePatientAccess(ctx, patientId, need = 'record') {
      const user = services.actor(ctx).user;
      const { db } = services.workspace();
      try {
        return checkPatientAccess(db, user, patientId, clock(), need);
      } catch (error) {
        if (isCoreError(error) && error.code !== 'NOT_FOUND') {
          services.audit({ userId: user.id, action: 'patient.access', outcome: 'denied', patientId, detail: `${error.code};need=${need}` });
        }
        throw error;
      }
    },
    clientsOf(userId) {
      return [...clients.values()].filter((c) => c.session?.user.id === userId || c.pending?.user.id === userId);
    },
  };

  const handlers: Handlers = {
    setup: setupHandlers(services),
    session: sessionHandlers(services),
    patients: patientHandlers(services),
    encounters: encounterHandlers(services),
    cameras: cameraHandlers(services),
    capture: captureHandlers(services),
    photos: photoHandlers(services),
    standards: standardsHandlers(services),
    access: accessHandlers(services),
    users: userHandlers(services),
    audit: auditHandlers(services),
    keys: keyHandlers(services, options.keyProtector ?? null),
    delivery: deliveryHandlers(services),
  };

  const route = createRouter(
    handlers,
    { onDenied: (ctx, channel, code) => services.audit({ userId: ctx.session?.user.id ?? null, action: channel, outcome: 'denied', detail: code }) },
    log,
  );

  const connect = (): CoreClient => {
    const id = newId();
    const client: ClientState = { session: null, handles: new PhotoHandles(() => clock().getTime()), lastActivityAt: clock().getTime(), pending: null };
    clients.set(id, client);
    return {
      id,
      invoke: (channel, payload) => {
        // The renderer's polls are not activity, or a screen left open would never lock.
        enforceIdleLock(services, client, !PASSIVE_CHANNELS.has(channel));
        return route({ clientId: id, session: client.session }, channel, payload);
      },
      async resolvePhoto(handle) {
        enforceIdleLock(services, client, false);
        const target = client.session && !client.session.restriction ? client.handles.resolve(handle) : null;
        if (!target || !workspace || target.userId !== client.session?.user.id) {
          throw new CoreError('HANDLE_EXPIRED', 'This image link has expired; reopen the photo.');
        }
        const record = getBlobRecord(workspace.db, target.blobId);
        const blobs = workspace.blobs;
        return { mime: target.mime, size: record.byteSize, stream: (start, end) => blobs.stream(record, start, end) };
      },
      async disconnect() {
        await services.cameras.sessions.stopClient(id).catch(() => undefined);
        services.endSession(client);
        clients.delete(id);
      },
    };
  };

  return {
    dataDir,
    connect,
    async importPhoto(client, input) {
      const session = clients.get(client.id)?.session;
      if (!session) throw notSignedIn();
      if (!roleHasPermission(session.user.role, 'photo.import')) throw new CoreError('PERMISSION_DENIED', 'Your role does not allow importing photos.');
      const { db, blobs } = services.workspace();
      const mrn = Mrn.safeParse(input.mrn);
      const patient = mrn.success ? findPatientByMrn(db, mrn.data) : null;
      if (!patient) throw new CoreError('NOT_FOUND', 'No patient has this MRN.');
      services.requirePatientAccess({ clientId: client.id, session }, patient.id);
      return ingestPhoto(db, blobs, {
        bytes: input.bytes,
        patientId: patient.id,
        encounterId: null,
        userId: session.user.id,
        source: 'import',
        device: input.device,
        at: clock(),
      });
    },
    async exportPhoto(client, input) {
      const session = clients.get(client.id)?.session;
      if (!session) throw notSignedIn();
      return exportPhoto(services, { clientId: client.id, session }, input);
    },
    lockAllSessions(reason) {
      for (const client of clients.values()) lockSession(services, client, reason);
    },
    async close() {
      await queue;
      for (const client of clients.values()) services.endSession(client);
      clients.clear();
      await sync.stop();
      workspace?.close();
      workspace = null;
    },
  };
}

/** Ensures a data directory exists with owner-only permissions. */
export async function prepareDataDir(dataDir: string): Promise<void> {
  await fs.mkdir(dataDir, { recursive: true, mode: 0o700 });
}
