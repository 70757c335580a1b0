// The header's sync status: how many deliveries are verified out of all, a progress bar, and a
// failure count that takes administrators to the delivery screen. Watches the status channel
// through the shared poller (the delivery screen watches the same call: one timer for both).
import { useAppStore } from '../../app/store';
import { useSyncStatus } from './deliveries';
import { useT } from '../../i18n';
import { syncSummary } from './labels';

export function SyncIndicator() {
  const t = useT();
  const allowed = useAppStore((s) => s.session?.permissions.includes('delivery.view') ?? false);
  const manage = useAppStore((s) => s.session?.permissions.includes('delivery.manage') ?? false);
  const showView = useAppStore((s) => s.showView);
  const status = useSyncStatus(allowed).data;

  if (!allowed || !status || status.total === 0) return null;
  const { text, label } = syncSummary(t, status);
  const { verified, failed } = status.counts;
  const body = (
    <>
      <span className="sync-indicator__text">{text}</span>
      <progress className="sync-indicator__bar" max={status.total} value={verified} aria-hidden="true" />
    </>
  );
  return manage ? (
    <button type="button" className={`sync-indicator${failed > 0 ? ' sync-indicator--failed' : ''}`} aria-label={label} onClick={() => showView({ name: 'delivery' })}>
      {body}
    </button>
  ) : (
    <span className={`sync-indicator${failed > 0 ? ' sync-indicator--failed' : ''}`} role="status" aria-label={label}>
      {body}
    </span>
  );
}
