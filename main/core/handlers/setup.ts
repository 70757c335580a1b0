// First run: creates the vault and the database with the clinic and its administrator, and signs
// the administrator in.
import { recordAudit } from '../audit/audit';
import { checkPasswordPolicy } from '../auth/password-policy';
import { insertUser } from '../auth/users';
import type { Handlers } from '../router';
import type { CoreServices } from '../services';
import { replaceRecoverySlot } from '../vault/recovery-slot';
import { createVault, readVaultLabel, vaultExists } from '../vault/vault';
import { writeTransaction } from '../db/write';
import { readWorkstationLocale } from '../preferences/workstation-file';

export const setupHandlers = (s: CoreServices): Handlers['setup'] => ({
  async status() {
    return { initialized: await vaultExists(s.dataDir), clinicName: await readVaultLabel(s.dataDir), locale: await readWorkstationLocale(s.dataDir) };
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
      // The recovery slot wraps the same VMK; its code is returned once and kept nowhere.
      const recoveryCode = await replaceRecoverySlot(s.dataDir, keys, s.kdfCost);
      const { db } = await s.adoptKeys(keys);
      const at = s.clock();
      const admin = writeTransaction(db, () => {
        db.prepare('INSERT INTO clinic (id, name, created_at) VALUES (1, ?, ?)').run(req.clinicName, at.toISOString());
        const user = insertUser(db, at, { username: req.admin.username, displayName: req.admin.displayName, role: 'administrator' });
        recordAudit(db, at, { userId: user.id, action: 'clinic.initialize', outcome: 'success' });
        recordAudit(db, at, { userId: user.id, action: 'keys.recovery-create', outcome: 'success' });
        return user;
      });
      s.log.info('clinic.initialized');
      return { ...s.beginSession(ctx, admin), recoveryCode };
    }),
});
