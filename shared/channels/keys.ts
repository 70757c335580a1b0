// Keys: the administrator's view of the vault's key slots (docs/storage-format.md section 3),
// regenerating the recovery code, the optional device key, key rotation, and recovery with the
// recovery code when every administrator password is lost (the only public channel here).
import { z } from 'zod';
import { channel, Empty, needs, publicAccess } from '../channel';
import { Password, Username } from '../domain';

export const KeyStatus = z.object({
  /** The current VMK generation (1 until the first rotation). */
  keyVersion: z.number().int().positive(),
  /** A rotation was interrupted and not yet finished (it finishes at the next open). */
  rotationUnfinished: z.boolean(),
  passwordSlots: z.number().int().nonnegative(),
  /** Password slots still on an older generation: they move at their owner's next sign-in. */
  passwordSlotsOnOlderKey: z.number().int().nonnegative(),
  /** Whether an older master key can still reach the current one (forward links remain). */
  olderKeysStillOpen: z.boolean(),
  recovery: z.object({ present: z.boolean(), createdAt: z.string().nullable(), onOlderKey: z.boolean() }),
  device: z.object({
    enabled: z.boolean(),
    backend: z.string().nullable(),
    createdAt: z.string().nullable(),
    onOlderKey: z.boolean(),
    /** The key store this process would use, or null when it has none. */
    availableBackend: z.string().nullable(),
  }),
});
export type KeyStatus = z.infer<typeof KeyStatus>;

/** Re-authentication for key operations: the signed-in administrator's own password. */
const WithPassword = z.object({ password: Password }).strict();

export const keyChannels = {
  status: channel({ request: Empty, response: KeyStatus, access: needs('keys.manage'), audit: null }),
  regenerateRecoveryCode: channel({ request: WithPassword, response: z.object({ recoveryCode: z.string() }), access: needs('keys.manage'), audit: 'keys.recovery-regenerate' }),
  enableDeviceKey: channel({ request: WithPassword, response: KeyStatus, access: needs('keys.manage'), audit: 'keys.device-enable' }),
  disableDeviceKey: channel({ request: WithPassword, response: KeyStatus, access: needs('keys.manage'), audit: 'keys.device-disable' }),
  rotate: channel({
    request: WithPassword,
    response: z.object({
      keyVersion: z.number().int().positive(),
      recoveryCode: z.string(),
      blobsRewrapped: z.number().int().nonnegative(),
      pendingSlots: z.number().int().nonnegative(),
    }),
    access: needs('keys.manage'),
    audit: 'keys.rotate',
  }),
  /** Sets a new password for an active administrator, proven by the vault recovery code. */
  recover: channel({
    request: z.object({ username: Username, recoveryCode: z.string().min(1, 'is required').max(200, 'is too long'), newPassword: Password }).strict(),
    response: z.object({}),
    access: publicAccess,
    audit: 'keys.recover',
  }),
};
