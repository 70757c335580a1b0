// What a restricted session sees before it can work: a first sign-in changes the initial password
// an administrator gave; a role that requires two-step verification enrolls it. Nothing else shows.
import { call } from '../../app/clinic';
import { useAppStore } from '../../app/store';
import { useT } from '../../i18n';
import { ChangePasswordForm } from './ChangePasswordForm';
import { TotpEnrollment } from './TotpEnrollment';

export function AccountSetupScreen() {
  const t = useT();
  const session = useAppStore((s) => s.session);
  const clinicName = useAppStore((s) => s.clinicName);
  const sessionUpdated = useAppStore((s) => s.sessionUpdated);
  const signedOut = useAppStore((s) => s.signedOut);
  if (!session) return null;

  async function signOut() {
    await call((api) => api.session.signOut({}));
    signedOut();
  }

  return (
    <main className="auth" aria-labelledby="account-setup-title">
      <div className="auth__card auth__card--wide">
        <p className="auth__eyebrow">{clinicName ?? t('app.product')}</p>
        <h1 id="account-setup-title">{session.restriction === 'changePassword' ? t('session.choosePasswordTitle') : t('session.setUpTotpTitle')}</h1>
        <p className="auth__lead">{session.restriction === 'changePassword' ? t('session.welcomeChange', { name: session.user.displayName }) : t('session.totpRequired')}</p>
        {session.restriction === 'changePassword' ? (
          <ChangePasswordForm username={session.user.username} currentLabel={t('session.initialPassword')} onChanged={sessionUpdated} />
        ) : (
          <TotpEnrollment onDone={sessionUpdated} />
        )}
        <div className="form-actions">
          <button type="button" className="button button--ghost" onClick={() => void signOut()}>
            {t('session.signOut')}
          </button>
        </div>
      </div>
    </main>
  );
}
