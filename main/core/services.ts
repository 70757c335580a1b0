// What use-cases get from the core: the clock, the log, the open workspace, the caller's session
// and client state, and the audit log. Handlers under main/core/handlers/ take one of these and
// return their area's handlers; the core wires them to the router.
import type { Locale } from '../../shared/i18n/locales';
import type { SessionRestriction } from '../../shared/channels/session';
import type { ROLE_PERMISSIONS } from '../../shared/permissions';
import type { PatientAccess, PatientNeed } from './access/policy';
import type { AuditEvent } from './audit/audit';
import type { SignInThrottle } from './auth/sign-in-throttle';
import type { CameraRegistry } from './capture/camera';
import type { PhotoHandles } from './photos/handles';
import type { CallContext, Session } from './router';
import type { SmartService } from './smart/service';
import type { SyncService } from './sync/sync-service';
import type { Logger } from './support/log';
import type { KdfCost } from './vault/kdf';
import type { VaultKeys } from './vault/vault';
import type { Workspace } from './workspace';

export interface ClientState {
  /** A client in the core's own process (the CLI): it may call local-only channels. */
  readonly local: boolean;
  session: Session | null;
  readonly handles: PhotoHandles;
  /** Clock time (ms) of the client's last request, for the idle lock. */
  lastActivityAt: number;
  /** A sign-in, unlock or switch of user whose password was right and that awaits its TOTP code. */
  pending: PendingSecondFactor | null;
}

export interface PendingSecondFactor {
  readonly user: Session['user'];
  readonly purpose: 'signIn' | 'unlock' | 'switchUser';
  readonly expiresAt: number;
}

export interface SessionInfo {
  readonly user: Session['user'];
  readonly clinicName: string;
  readonly permissions: Array<(typeof ROLE_PERMISSIONS)[keyof typeof ROLE_PERMISSIONS][number]>;
  readonly restriction: SessionRestriction | null;
  readonly secondFactor: boolean;
  readonly idleLockSeconds: number;
  /** The user's own language, or null for "as the workstation". */
  readonly locale: Locale | null;
}

export interface CoreServices {
  readonly dataDir: string;
  readonly clock: () => Date;
  readonly log: Logger;
  readonly kdfCost: KdfCost;
  readonly cameras: CameraRegistry;
  /** The open workspace; throws NOT_SIGNED_IN when the vault is closed. */
  workspace(): Workspace;
  isOpen(): boolean;
  /** Appends an audit record when the vault is open (records hold identifiers only). */
  audit(event: AuditEvent): void;
  /**
   * Runs a use-case's writes and its audit record in one IMMEDIATE transaction, retried on busy
   * (db/write.ts): all of it commits or none of it does.
   */
  write<T>(fn: () => T): T;
  /** The caller's session; throws NOT_SIGNED_IN without one. */
  actor(ctx: CallContext): Session;
  client(ctx: CallContext): ClientState;
  /** Serialises vault opening and closing so two sign-ins never open the database twice. */
  exclusive<T>(fn: () => Promise<T>): Promise<T>;
  /** Opens the workspace with freshly unwrapped keys, or wipes them if it is already open. */
  adoptKeys(keys: VaultKeys): Promise<Workspace>;
  beginSession(ctx: CallContext, user: Session['user']): SessionInfo;
  endSession(client: ClientState): void;
  /** Closes the workspace (wiping keys) when no client holds a session. */
  closeIfIdle(): void;
  sessionInfo(session: Session): SessionInfo;
  /**
   * The patient-level check (docs/access-control.md): account still active, patient exists, and not
   * restricted (or granted / broken-glass), plus the care relationship for photos where the role
   * needs one. Refusals are audited as 'patient.access' with outcome 'denied' and thrown.
   */
  requirePatientAccess(ctx: CallContext, patientId: string, need?: PatientNeed): PatientAccess;
  /** Per-username failed sign-in counters and lock-out (a file beside the vault). */
  readonly throttle: SignInThrottle;
  /** The clients with a session (or a pending sign-in) of this user. */
  clientsOf(userId: string): ClientState[];
  /** The outbox's sync worker: runs while the workspace is open (main/core/sync/). */
  readonly sync: SyncService;
  /** SMART App Launch: the EHR launch inbox, launches in progress, token refresh and revocation. */
  readonly smart: SmartService;
}
