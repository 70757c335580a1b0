// Sign-in and sign-out. Signing in unwraps the vault key with the user's own key slot; the last
// sign-out closes the database and wipes the keys.
import { CoreError } from '../../../shared/errors';
import { findActiveUser } from '../auth/users';
import type { Handlers } from '../router';
import type { CoreServices } from '../services';
import { unlockWithPassword } from '../vault/vault';

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
