// The clinic's identifier systems (MRN system URI, DICOM Issuer of Patient ID, org UID root): read
// and changed by administrators (delivery.manage). A change is audited with the names of the fields
// it touched; the values themselves are settings, not patient data, and are shown on screen.
import { recordAudit } from '../audit/audit';
import { changedFields, interopSettingsView, writeInteropSettings } from '../interop/settings';
import type { Handlers } from '../router';
import type { CoreServices } from '../services';

export const interopHandlers = (s: CoreServices): Handlers['interop'] => ({
  getSettings() {
    return interopSettingsView(s.workspace().db);
  },
  updateSettings(ctx, req) {
    const userId = s.actor(ctx).user.id;
    const { db } = s.workspace();
    const at = s.clock();
    s.write(() => {
      writeInteropSettings(db, req, userId, at);
      recordAudit(db, at, { userId, action: 'settings.interop-update', outcome: 'success', detail: `fields=${changedFields(req)}` });
    });
    return interopSettingsView(db);
  },
});
