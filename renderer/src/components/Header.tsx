// The bar across the top: which clinic, who is signed in and as what, and sign out.
import { ROLE_LABELS } from '../../../shared/permissions';
import { call } from '../app/clinic';
import { useAppStore } from '../app/store';

export function Header() {
  const session = useAppStore((s) => s.session);
  const clinicName = useAppStore((s) => s.clinicName);
  const signedOut = useAppStore((s) => s.signedOut);
  const showPatients = useAppStore((s) => s.showPatients);
  if (!session) return null;

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
        <button type="button" className="button button--nav" onClick={showPatients}>
          Patients
        </button>
      </nav>
      <div className="app-header__user">
        <span className="app-header__who">
          <span className="app-header__name">{session.user.displayName}</span>
          <span className="app-header__role">{ROLE_LABELS[session.user.role]}</span>
        </span>
        <button type="button" className="button button--secondary" onClick={() => void signOut()}>
          Sign out
        </button>
      </div>
    </header>
  );
}
