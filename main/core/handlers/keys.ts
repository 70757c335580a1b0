// Key management for administrators: status, recovery code, device key, rotation; and recovery
// with the recovery code (public: it is how an administrator who lost every password gets back).
// Every operation is audited as `keys.*` with identifiers only; codes and keys are never logged.
import type { AuditAction } from '../../../shared/audit-actions';
import { CoreError } from '../../../shared/errors';
import { checkPasswordPolicy } from '../auth/password-policy';
import { findActiveUser } from '../auth/users';
import type { KeyProtector } from '../keys/key-protector';
import { rotateKeys } from '../keys/rotate';
import { keyStatus } from '../keys/status';
import type { CallContext, Handlers } from '../router';
import type { CoreServices } from '../services';
import { reauthenticate } from '../sessions/sign-in';
import { disableDeviceSlot, enableDeviceSlot } from '../vault/device-slot';
import { replaceRecoverySlot, unlockWithRecoveryCode } from '../vault/recovery-slot';
import { addPasswordSlot, changePasswordSlot, findPasswordSlot } from '../vault/vault';
import { readVaultFile } from '../vault/vault-file';

export const keyHandlers = (s: CoreServices, protector: KeyProtector | null): Handlers['keys'] => {
  /**
   * Re-authentication: the signed-in administrator's own password, through the sign-in throttle
   * and its failed-login audit (main/core/sessions/sign-in.ts); a refusal is also recorded against
   * the key operation it stopped.
   */
  async function reauthenticateFor(ctx: CallContext, action: AuditAction, password: string) {
    try {
      return await reauthenticate(s, ctx, password);
    } catch (error) {
      const userId = ctx.session?.user.id ?? null;
      s.audit({ userId, action, outcome: 'failure', detail: error instanceof CoreError ? error.code : 'INTERNAL' });
      throw error;
    }
  }

  /** Runs a key operation and audits its outcome (error codes only). */
  async function audited<T>(userId: string, action: AuditAction, run: () => Promise<T>, detail?: (value: T) => string): Promise<T> {
    try {
      const value = await run();
      s.audit({ userId, action, outcome: 'success', ...(detail ? { detail: detail(value) } : {}) });
      return value;
    } catch (error) {
      s.audit({ userId, action, outcome: 'failure', detail: error instanceof CoreError ? error.code : 'INTERNAL' });
      throw error;
    }
  }

  const requireProtector = (): KeyProtector => {
    if (!protector) throw new CoreError('KEYSTORE_UNAVAILABLE', 'This program has no access to an operating-system key store, so a device key cannot be used here.');
    return protector;
  };

  return {
    status: () => keyStatus(s.dataDir, protector),

    regenerateRecoveryCode: (ctx, req) =>
      s.exclusive(async () => {
        const user = await reauthenticateFor(ctx, 'keys.recovery-regenerate', req.password);
        const recoveryCode = await audited(user.id, 'keys.recovery-regenerate', () => replaceRecoverySlot(s.dataDir, s.workspace().keys, s.kdfCost));
        return { recoveryCode };
      }),

    enableDeviceKey: (ctx, req) =>
      s.exclusive(async () => {
        const user = await reauthenticateFor(ctx, 'keys.device-enable', req.password);
        await audited(user.id, 'keys.device-enable', async () => enableDeviceSlot(s.dataDir, s.workspace().keys, requireProtector()));
        return keyStatus(s.dataDir, protector);
      }),

    disableDeviceKey: (ctx, req) =>
      s.exclusive(async () => {
        const user = await reauthenticateFor(ctx, 'keys.device-disable', req.password);
        await audited(user.id, 'keys.device-disable', () => disableDeviceSlot(s.dataDir, protector));
        return keyStatus(s.dataDir, protector);
      }),

    rotate: (ctx, req) =>
      s.exclusive(async () => {
        const user = await reauthenticateFor(ctx, 'keys.rotate', req.password);
        // The sync worker holds its own connection to the database, which the rotation must have
        // to itself (and then replaces): stop it first, restart it on the rotated database after.
        await s.sync.stop();
        let outcome;
        try {
          outcome = await audited(
            user.id,
            'keys.rotate',
            () => rotateKeys(s.workspace(), { username: user.username, password: req.password, cost: s.kdfCost, protector, now: s.clock() }),
            (o) => `keyVersion=${o.keyVersion} blobs=${o.blobsRewrapped} pendingSlots=${o.pendingSlots}`,
          );
        } finally {
          if (s.isOpen()) s.sync.start(s.workspace());
        }
        s.log.info('keys.rotated', { keyVersion: outcome.keyVersion, blobsRewrapped: outcome.blobsRewrapped });
        return { keyVersion: outcome.keyVersion, recoveryCode: outcome.recoveryCode ?? '', blobsRewrapped: outcome.blobsRewrapped, pendingSlots: outcome.pendingSlots };
      }),

    recover: (_ctx, req) =>
      s.exclusive(async () => {
        // The code is checked (checksum, then the slot) before anything is opened.
        const keys = await unlockWithRecoveryCode(s.dataDir, req.recoveryCode);
        const ws = await s.adoptKeys(keys);
        try {
          const user = findActiveUser(ws.db, req.username);
          if (!user || user.role !== 'administrator') {
            s.audit({ userId: null, action: 'keys.recover', outcome: 'failure', detail: 'NOT_AN_ADMINISTRATOR' });
            throw new CoreError('NOT_FOUND', 'No active administrator has this username.', { username: 'is not an active administrator' });
          }
          checkPasswordPolicy(req.newPassword, req.username, 'newPassword');
          const hasSlot = findPasswordSlot(await readVaultFile(s.dataDir), req.username) !== undefined;
          if (hasSlot) await changePasswordSlot(s.dataDir, ws.keys, req.username, req.newPassword, s.kdfCost);
          else await addPasswordSlot(s.dataDir, ws.keys, req.username, req.newPassword, s.kdfCost);
          s.audit({ userId: user.id, action: 'keys.recover', outcome: 'success' });
          s.log.info('keys.recovered');
          return {};
        } finally {
          s.closeIfIdle();
        }
      }),
  };
};
