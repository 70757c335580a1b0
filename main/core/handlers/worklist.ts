// The Modality Worklist: the provider's settings (administrators), today's scheduled steps for
// this station (staff who may read patients), and choosing one, which matches or registers the
// patient under the wrong-patient guard and opens the encounter carrying the order.
import { CoreError } from '../../../shared/errors';
import type { Handlers } from '../router';
import type { CoreServices } from '../services';
import { resolveProvider } from '../patients/providers';
import { chooseWorklistEntry, matchWorklistPatient } from '../worklist/orders';
import { localToday, queryWorklist } from '../worklist/query';
import { getWorklistSettings, saveWorklistSettings, worklistPeer } from '../worklist/settings';

export const worklistHandlers = (s: CoreServices): Handlers['worklist'] => ({
  getSettings() {
    return getWorklistSettings(s.workspace().db);
  },
  saveSettings(ctx, req) {
    const user = s.actor(ctx).user;
    return s.write(() => {
      const saved = saveWorklistSettings(s.workspace().db, req.settings, user.id, s.clock());
      s.audit({ userId: user.id, action: 'worklist.settings-change', outcome: 'success', detail: `tls=${saved.tls}` });
      return saved;
    });
  },
  async query(ctx, req) {
    const user = s.actor(ctx).user;
    const date = req.date ?? localToday(s.clock());
    const entries = await queryWorklist(worklistPeer(s.workspace().db), date);
    s.audit({ userId: user.id, action: 'worklist.query', outcome: 'success', detail: `date=${date};results=${entries.length}` });
    return { entries };
  },
  async choose(ctx, req) {
    const user = s.actor(ctx).user;
    const { db } = s.workspace();
    const entries = await queryWorklist(worklistPeer(db), req.date ?? localToday(s.clock()));
    const entry = entries.find((e) => e.key === req.key);
    if (!entry) throw new CoreError('NOT_FOUND', 'This step is no longer on the worklist; refresh the list.');
    let matched: { id: string } | null;
    try {
      matched = matchWorklistPatient(db, entry);
    } catch (error) {
      s.audit({ userId: user.id, action: 'worklist.choose', outcome: 'denied', detail: (error as CoreError).code ?? 'ERROR' });
      throw error;
    }
    if (matched) s.requirePatientAccess(ctx, matched.id);
    return s.write(() => {
      let providerId = user.id;
      const chosen = chooseWorklistEntry(db, s.clock(), user.id, entry, matched, () => (providerId = resolveProvider(db, s.clock(), user, req.providerId)));
      const provider = providerId === user.id ? '' : `;provider=${providerId}`;
      s.audit({ userId: user.id, action: 'worklist.choose', outcome: 'success', patientId: chosen.patientId, detail: `encounter=${chosen.encounterId};created=${chosen.patientCreated}${provider}` });
      return chosen;
    });
  },
});
