// The application core: one object per data directory, shared by every shell. Shells `connect()`
// a client per window (or per CLI run) and pass it requests; sessions and photo handles belong to
// the client, so the renderer never holds a token or a key. Use-cases live in handlers/, one file
// per area; this file owns the state they share (the open workspace and the clients).
import { buildLocalApi, type LocalApi } from '../../shared/bridge';
import { Id } from '../../shared/domain';
import { CoreError, isCoreError } from '../../shared/errors';
import { ROLE_PERMISSIONS } from '../../shared/permissions';
import type { Result } from '../../shared/result';
import { checkPatientAccess } from './access/guard';
import { recordAudit } from './audit/audit';
import { writeTransaction } from './db/write';
import { SignInThrottle } from './auth/sign-in-throttle';
import { clinicName } from './auth/users';
import { CameraRegistry, type CameraDriver } from './capture/camera';
import { createSimulatedCamera } from './capture/simulated-camera';
import { gphoto2Discovery } from './capture/gphoto2/driver';
import { accessHandlers } from './handlers/access';
import { annotationHandlers } from './handlers/annotations';
import { auditHandlers } from './handlers/audit';
import { cameraHandlers, captureHandlers } from './handlers/capture';
import { compareHandlers } from './handlers/compare';
import { CompareWorkers } from './compare/workers';
import { consentHandlers } from './handlers/consent';
import { correctionHandlers } from './handlers/corrections';
import type { UploadOptions } from './archive/upload';
import { archiveHandlers } from './handlers/archive';
import { deliveryHandlers } from './handlers/delivery';
import { ehrHandlers, smartHandlers } from './handlers/ehr';
import { importHandlers } from './handlers/imports';
import { interopHandlers } from './handlers/interop';
import { encounterHandlers, patientHandlers } from './handlers/patients';
import { keyHandlers } from './handlers/keys';
import { photoHandlers } from './handlers/photos';
import { preferenceHandlers } from './handlers/preferences';
import { standardsHandlers } from './handlers/standards';
import { sessionHandlers } from './handlers/session';
import { setupHandlers } from './handlers/setup';
import { userHandlers } from './handlers/users';
import { worklistHandlers } from './handlers/worklist';
import { getBlobRecord } from './blobs/blob-rows';
import { createRouter, type Handlers, type Session } from './router';
import { SmartService, type SmartOptions } from './smart/service';
import { SyncService, type SyncServiceOptions } from './sync/sync-service';
import type { CoreServices } from './services';
import { ClientRegistry } from './sessions/clients';
import { enforceIdleLock, initialRestriction, lockSession, releaseWindowHold, sessionExtras, type LockReason } from './sessions/session-state';
import { ensurePrivateDirectory } from './support/owner-only';
import { stderrLogger, type Logger } from './support/log';
import type { KeyProtector } from './keys/key-protector';
import { DEFAULT_KDF_COST, type KdfCost } from './vault/kdf';
import { openWorkspace, type Workspace } from './workspace';

/** Polled by the renderer on a timer, never a person's input: they do not postpone the idle lock. */

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
  /** SMART App Launch: how to open the system browser (the shell's), and the redirect's patience. */
  readonly smart?: SmartOptions;
  /** Multipart threshold and part size of archive uploads (tests use small ones). */
  readonly archive?: UploadOptions;
}

export interface PhotoBytes {
  readonly mime: string;
  readonly size: number;
  stream(start?: number, end?: number): AsyncGenerator<Buffer>;
}

export interface CoreClient {
  readonly id: string;
  /** The shells' entry: a channel name and payload as they came over IPC, checked by the router. */
  invoke(channel: unknown, payload: unknown): Promise<Result<unknown>>;
  /** The same door, typed: `client.api.patients.search({ query })` (the CLI and tests). */
  readonly api: LocalApi;
  /** Resolves a handle issued to this client; throws CoreError HANDLE_EXPIRED otherwise. */
  resolvePhoto(handle: string): Promise<PhotoBytes>;
  disconnect(): Promise<void>;
}

export interface ConnectOptions {
  /** A caller in the core's own process (the CLI): it may call local-only channels. Windows never are. */
  readonly local?: boolean;
}

export interface Core {
  readonly dataDir: string;
  connect(options?: ConnectOptions): CoreClient;
  /** Locks every session at once (the Electron shell calls this on OS lock screen and suspend). */
  lockAllSessions(reason: Extract<LockReason, 'OS_LOCK' | 'SUSPEND'>): void;
  /**
   * An EHR launch handed to the app (command line, second instance, custom scheme):
   * `iss=<FHIR base>&launch=<opaque>`. Kept until a signed-in user continues it (smart.begin).
   * Throws CoreError VALIDATION_FAILED on anything else.
   */
  receiveSmartLaunch(raw: string): void;
  close(): Promise<void>;
}

/** The patient and photo a refused call aimed at, when its payload names them by well-formed ids. */
function targetsOf(payload: unknown): { patientId?: string; photoId?: string } {
  if (typeof payload !== 'object' || payload === null) return {};
  const { patientId, photoId } = payload as Record<string, unknown>;
  const id = (value: unknown) => (Id.safeParse(value).success ? (value as string) : undefined);
  return { ...(id(patientId) ? { patientId: id(patientId) } : {}), ...(id(photoId) ? { photoId: id(photoId) } : {}) };
}

export function createCore(options: CoreOptions): Core {
  const { dataDir } = options;
  const clock = options.clock ?? (() => new Date());
  const log = options.log ?? stderrLogger;
  const clients = new ClientRegistry(() => clock().getTime());
  let workspace: Workspace | null = null;
  let queue: Promise<void> = Promise.resolve();
  const sync = new SyncService({ log, ...options.sync });
  // Alignment, checker detection and drawing comparisons: threads that hold decrypted pixels while they work.
  const compareWorkers = new CompareWorkers();
  const smart = new SmartService(clock, log, options.smart?.browser ?? null, options.smart);

  const notSignedIn = () => new CoreError('NOT_SIGNED_IN', 'Please sign in.');

  const services: CoreServices = {
    dataDir,
    clock,
    log,
    kdfCost: options.kdfCost ?? DEFAULT_KDF_COST,
    sync,
    smart,
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
    write: (fn) => writeTransaction(services.workspace().db, fn),
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
      const userId = client.session.user.id;
      services.audit({ userId, action: 'session.sign-out', outcome: 'success' });
      client.session = null;
      smart.setFlow(client, null);
      // The user's EHR tokens go with their last session (revoked at the EHR, RFC 7009).
      if (workspace && !clients.all().some((c) => c.session?.user.id === userId)) smart.signOut(workspace.db, userId);
      releaseWindowHold(services, client);
      services.closeIfIdle();
    },
    closeIfIdle() {
      if (clients.anySession()) return;
      // The worker holds its own copies of the keys: it wipes them as it stops.
      void sync.stop();
      // Nobody is signed in: no compare worker waits out its idle minute with a patient's pixels.
      void compareWorkers.stop();
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
    clientsOf: (userId) => clients.ofUser(userId),
  };

  // The compare area's worker threads are this core's: close() ends them.
  const handlers: Handlers = {
    setup: setupHandlers(services),
    session: sessionHandlers(services),
    patients: patientHandlers(services),
    encounters: encounterHandlers(services),
    cameras: cameraHandlers(services),
    capture: captureHandlers(services),
    photos: photoHandlers(services),
    imports: importHandlers(services),
    annotations: annotationHandlers(services),
    compare: compareHandlers(services, compareWorkers),
    standards: standardsHandlers(services),
    access: accessHandlers(services),
    users: userHandlers(services),
    audit: auditHandlers(services),
    keys: keyHandlers(services, options.keyProtector ?? null),
    delivery: deliveryHandlers(services),
    consent: consentHandlers(services),
    ehr: ehrHandlers(services),
    smart: smartHandlers(services),
    interop: interopHandlers(services),
    archive: archiveHandlers(services, options.archive),
    worklist: worklistHandlers(services),
    preferences: preferenceHandlers(services),
    corrections: correctionHandlers(services),
  };

  const route = createRouter(
    handlers,
    {
      // Each channel declares whether a call is activity: the renderer's polls are not.
      onCall: (ctx, activity) => {
        const client = clients.get(ctx.clientId);
        if (client) enforceIdleLock(services, client, activity);
      },
      onDenied: (ctx, channel, def, code, payload) =>
        services.audit({
          userId: ctx.session?.user.id ?? null,
          action: def.audit ?? 'request.denied',
          outcome: 'denied',
          ...targetsOf(payload),
          detail: `${code};channel=${channel}`,
        }),
    },
    log,
  );

  const connect = (connectOptions: ConnectOptions = {}): CoreClient => {
    const { id, state: client } = clients.add(connectOptions.local === true);
    const invoke = (channel: unknown, payload: unknown) => route({ clientId: id, session: client.session, local: client.local }, channel, payload);
    return {
      id,
      invoke,
      api: buildLocalApi(invoke),
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
        clients.remove(id);
      },
    };
  };

  return {
    dataDir,
    connect,
    lockAllSessions(reason) {
      for (const client of clients.all()) lockSession(services, client, reason);
    },
    receiveSmartLaunch: (raw) => smart.receiveLaunch(raw),
    async close() {
      await queue;
      for (const client of clients.all()) services.endSession(client);
      await smart.settled();
      clients.clear();
      await Promise.all([sync.stop(), compareWorkers.stop()]);
      workspace?.close();
      workspace = null;
    },
  };
}

/**
 * Ensures a data directory exists with owner-only permissions (0700): an existing one we own is
 * tightened, one we cannot make private is refused with a DataDirPermissionError saying why.
 */
export async function prepareDataDir(dataDir: string): Promise<void> {
  await ensurePrivateDirectory(dataDir);
}
