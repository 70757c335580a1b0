// First run, sign-in and sign-out. Signing in unwraps the vault key with the user's own key slot;
// the last sign-out closes the database and wipes the keys.
import { CoreError } from '../../../shared/errors';
import { recordAudit } from '../audit/audit';
import { checkPasswordPolicy } from '../auth/password-policy';
import { findActiveUser, insertUser } from '../auth/users';
import type { Handlers } from '../router';
import type { CoreServices } from '../services';
import { createVault, readVaultLabel, unlockWithPassword, vaultExists } from '../vault/vault';

export const setupHandlers = (s: CoreServices): Handlers['setup'] => ({
  async status() {
    return { initialized: await vaultExists(s.dataDir), clinicName: await readVaultLabel(s.dataDir) };
  },
  initialize: (ctx, req) =>
    s.exclusive(async () => {
      checkPasswordPolicy(req.admin.password, req.admin.username);
      const keys = await createVault(s.dataDir, {
        clinicName: req.clinicName,
        username: req.admin.username,
        password: req.admin.password,
        cost: s.kdfCost,
      });
      const { db } = await s.adoptKeys(keys);
      const at = s.clock();
      const admin = db.transaction(() => {
        db.prepare('INSERT INTO clinic (id, name, created_at) VALUES (1, ?, ?)').run(req.clinicName, at.toISOString());
        const user = insertUser(db, at, { username: req.admin.username, displayName: req.admin.displayName, role: 'administrator' });
        recordAudit(db, at, { userId: user.id, action: 'clinic.initialize', outcome: 'success' });
        return user;
      })();
      s.log.info('clinic.initialized');
      return s.beginSession(ctx, admin);
    }),
});

export const sessionHandlers = (s: CoreServices): Handlers['session'] => ({
  signIn: (ctx, req) =>
    s.exclusive(async () => {
      const { db } = await s.adoptKeys(await unlockWithPassword(s.dataDir, req.username, req.password));
      const user = findActiveUser(db, req.username);
      if (!user) {
        s.audit({ userId: null, action: 'session.sign-in', outcome: 'failure', detail: 'ACCOUNT_DISABLED' });
        s.closeIfIdle();
        throw new CoreError('INVALID_CREDENTIALS', 'Username or password is incorrect.');
      }
      const client = s.client(ctx);
      if (client.session) s.endSession(client);
      return s.beginSession(ctx, user);
    }),
  signOut(ctx) {
    s.endSession(s.client(ctx));
    return {};
  },
  current(ctx) {
    return ctx.session && s.isOpen() ? s.sessionInfo(ctx.session) : null;
  },
});
