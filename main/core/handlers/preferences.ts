// Languages: a user's own (for themselves) and the workstation's (administrators). Each change is
// audited with the new value, which is a setting, not patient data.
import { recordAudit } from '../audit/audit';
import { writeWorkstationLocale } from '../preferences/workstation-file';
import { writeUserLocale } from '../preferences/user-locale';
import type { Handlers } from '../router';
import type { CoreServices } from '../services';

export const preferenceHandlers = (s: CoreServices): Handlers['preferences'] => ({
  setMyLocale(ctx, req) {
    const userId = s.actor(ctx).user.id;
    const { db } = s.workspace();
    const at = s.clock();
    s.write(() => {
      writeUserLocale(db, at, userId, req.locale);
      recordAudit(db, at, { userId, action: 'preferences.user-locale', outcome: 'success', detail: `locale=${req.locale ?? 'workstation'}` });
    });
    return { locale: req.locale };
  },
  setWorkstationLocale(ctx, req) {
    const userId = s.actor(ctx).user.id;
    const { db } = s.workspace();
    const at = s.clock();
    s.write(() => {
      recordAudit(db, at, { userId, action: 'preferences.workstation-locale', outcome: 'success', detail: `locale=${req.locale ?? 'system'}` });
      writeWorkstationLocale(s.dataDir, req.locale);
    });
    return { locale: req.locale };
  },
});
