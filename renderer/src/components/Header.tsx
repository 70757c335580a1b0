// The bar across the top: which clinic, who is signed in and as what, and sign out.
import { ROLE_LABELS } from '../../../shared/permissions';
import { call } from '../app/clinic';
import { useAppStore } from '../app/store';
import { SyncIndicator } from '../screens/delivery/SyncIndicator';

export function Header() {
  const session = useAppStore((s) => s.session);
  const clinicName = useAppStore((s) => s.clinicName);
  const signedOut = useAppStore((s) => s.signedOut);
  const showPatients = useAppStore((s) => s.showPatients);
  const showView = useAppStore((s) => s.showView);
  const locked = useAppStore((s) => s.locked);
  if (!session) return null;

  async function lock() {
    locked();
    await call((api) => api.session.lock({}));
  }

  async function signOut() {
    await call((api) => api.session.signOut({}));
    // Whatever the core answered, this window no longer shows patient data.
    signedOut();
  }

  return (
    <header className="app-header">
      <div className="app-header__brand">
        <span className="app-header__product">Clinic Photo</span>
        <span className="app-header__clinic">{clinicName}</span>
      </div>
      <nav aria-label="Main" className="app-header__nav">
        {session.permissions.includes('patient.read') ? (
          <button type="button" className="button button--nav" onClick={showPatients}>
            Patients
          </button>
        ) : null}
        {session.permissions.includes('access.restrict') || session.permissions.includes('access.review') ? (
          <button type="button" className="button button--nav" onClick={() => showView({ name: 'access' })}>
            Access control
          </button>
        ) : null}
        {session.permissions.includes('user.manage') ? (
          <button type="button" className="button button--nav" onClick={() => showView({ name: 'users' })}>
            Staff
          </button>
        ) : null}
        {session.permissions.includes('keys.manage') ? (
          <button type="button" className="button button--nav" onClick={() => showView({ name: 'keys' })}>
            Security keys
          </button>
        ) : null}
        {session.permissions.includes('delivery.manage') ? (
          <button type="button" className="button button--nav" onClick={() => showView({ name: 'delivery' })}>
            Delivery
          </button>
        ) : null}
        {session.permissions.includes('access.alerts') ? (
          <button type="button" className="button button--nav" onClick={() => showView({ name: 'accessAlerts' })}>
            Access alerts
          </button>
        ) : null}
        {session.permissions.includes('audit.read') ? (
          <button type="button" className="button button--nav" onClick={() => showView({ name: 'audit', section: 'log' })}>
            Audit
          </button>
        ) : null}
      </nav>
      <SyncIndicator />
      <div className="app-header__user">
        <span className="app-header__who">
          <span className="app-header__name">{session.user.displayName}</span>
          <span className="app-header__role">{ROLE_LABELS[session.user.role]}</span>
        </span>
        <button type="button" className="button button--secondary" onClick={() => showView({ name: 'account' })}>
          My account
        </button>
        <button type="button" className="button button--secondary" onClick={() => void lock()}>
          Lock
        </button>
        <button type="button" className="button button--secondary" onClick={() => void signOut()}>
          Sign out
        </button>
      </div>
    </header>
  );
}
