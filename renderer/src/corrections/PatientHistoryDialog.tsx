// A record's corrections in words: each demographic edit with the values before and after, the
// merges it took part in with what moved, and whether it was marked as entered in error.
import type { PatientHistory } from '../../../shared/channels/corrections';
import { Dialog } from '../components/Dialog';
import { CallError } from '../data/CallError';
import { useQuery } from '../data/hooks';
import { useFormat, useT } from '../i18n';

interface Entry {
  readonly at: string;
  readonly key: string;
  readonly title: string;
  readonly lines: readonly string[];
}

export function PatientHistoryDialog({ patientId, onClose }: { readonly patientId: string; readonly onClose: () => void }) {
  const t = useT();
  const f = useFormat();
  const history = useQuery(['corrections.patientHistory', patientId], (api) => api.corrections.patientHistory({ patientId }));
  const entries = (h: PatientHistory): Entry[] => {
    const reason = (r: string) => t('corrections.history.reason', { reason: r });
    const list: Entry[] = [
      ...h.edits.map((e, i) => ({
        at: e.at,
        key: `edit-${i}`,
        title: t('corrections.history.edit', { date: f.dateTime(e.at), name: e.byName }),
        lines: [
          ...e.changes.map((c) =>
            t('corrections.history.change', { field: t(`corrections.field.${c.field}`), before: c.field === 'birthDate' ? f.date(c.before) : c.field === 'sex' ? t(`corrections.sex.${c.before as 'F'}`) : c.before, after: c.field === 'birthDate' ? f.date(c.after) : c.field === 'sex' ? t(`corrections.sex.${c.after as 'F'}`) : c.after }),
          ),
          reason(e.reason),
        ],
      })),
      ...h.merges.map((m) => ({
        at: m.at,
        key: m.id,
        title: t(m.intoPatientId === patientId ? 'corrections.history.mergeInto' : 'corrections.history.mergeFrom', { date: f.dateTime(m.at), name: m.byName }),
        lines: [t('corrections.history.moved', { photos: m.moved.photoIds.length, encounters: m.moved.encounterIds.length, consents: m.moved.consentIds.length }), reason(m.reason)],
      })),
      ...(h.enteredInError ? [{ at: h.enteredInError.at, key: 'error', title: t('corrections.history.enteredInError', { date: f.dateTime(h.enteredInError.at), name: h.enteredInError.byName }), lines: [reason(h.enteredInError.reason)] }] : []),
    ];
    return list.sort((a, b) => a.at.localeCompare(b.at));
  };
  return (
    <Dialog title={t('corrections.history.title')} onClose={onClose} className="dialog--form">
      <CallError error={history.error} />
      {history.data ? (
        entries(history.data).length === 0 ? (
          <p className="muted">{t('corrections.history.empty')}</p>
        ) : (
          <ol className="corrections-history">
            {entries(history.data).map((e) => (
              <li key={e.key}>
                <strong>{e.title}</strong>
                {e.lines.map((l, i) => (
                  <p key={i}>{l}</p>
                ))}
              </li>
            ))}
          </ol>
        )
      ) : (
        <p className="muted">{t('common.loading')}</p>
      )}
    </Dialog>
  );
}
