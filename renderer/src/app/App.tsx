// Picks the screen for the current phase and view.
import { useAppStore } from './store';
import { WristbandScanner } from '../camera/WristbandScanner';
import { Header } from '../components/Header';
import { SetupScreen } from '../screens/SetupScreen';
import { SignInScreen } from '../screens/SignInScreen';
import { PatientsScreen } from '../screens/PatientsScreen';
import { SmartLaunchWatcher } from '../screens/ehr/SmartLaunchWatcher';
import { PatientScreen } from '../screens/PatientScreen';
import { AccessScreen } from '../screens/access/AccessScreen';
import { PatientAccessGate } from '../screens/access/PatientAccessGate';
import { AlertsScreen } from '../screens/access/AlertsScreen';
import { AccountScreen } from '../screens/session/AccountScreen';
import { AccountSetupScreen } from '../screens/session/AccountSetupScreen';
import { IdleLock } from '../screens/session/IdleLock';
import { LockScreen } from '../screens/session/LockScreen';
import { UsersScreen } from '../screens/users/UsersScreen';
import { AuditScreen } from '../screens/audit/AuditScreen';
import { SecurityKeysScreen } from '../screens/keys/SecurityKeysScreen';
import { DeliveryScreen } from '../screens/delivery/DeliveryScreen';
import { ConsentFormsScreen } from '../consent/forms/ConsentFormsScreen';
import { SigningMode } from '../consent/SigningMode';
import { useSigningStore } from '../consent/signing-store';
import { LocaleScope, useT } from '../i18n';
import { LanguageScreen } from './LanguageScreen';

export function App() {
  const phase = useAppStore((s) => s.phase);
  const view = useAppStore((s) => s.view);
  const restriction = useAppStore((s) => s.session?.restriction ?? null);
  const idleLockSeconds = useAppStore((s) => s.session?.idleLockSeconds ?? 300);
  const signing = useSigningStore((s) => s.request);
  const clinicName = useAppStore((s) => s.clinicName);
  const t = useT();
  switch (phase) {
    case 'starting':
      return (
        <main className="auth" aria-busy="true">
          <p className="muted">{t('app.starting')}</p>
        </main>
      );
    case 'unavailable':
      return (
        <main className="auth">
          <div className="auth__card" role="alert">
            <h1>{t('app.unavailableTitle')}</h1>
            <p>{t('app.unavailableBody')}</p>
          </div>
        </main>
      );
    case 'setup':
      return <SetupScreen />;
    case 'signIn':
      return <SignInScreen />;
    case 'app':
      // A locked session shows only the lock screen: the app below is unmounted, not hidden.
      if (restriction === 'locked') return <LockScreen />;
      if (restriction) return <AccountSetupScreen />;
      // Signing mode replaces the app too: no header, no navigation, no wristband scanning.
      if (signing) {
        return (
          <>
            <IdleLock idleLockSeconds={idleLockSeconds} />
            {/* The patient reads the screen in the form's language, chosen for this signing. */}
            <LocaleScope language={signing.shown.template.language}>
              <SigningMode request={signing} clinicName={clinicName ?? ''} />
            </LocaleScope>
          </>
        );
      }
      return (
        <div className="app">
          <IdleLock idleLockSeconds={idleLockSeconds} />
          <Header />
          <SmartLaunchWatcher />
          {view.name === 'patient' || view.name === 'patients' ? <WristbandScanner /> : null}
          {view.name === 'patient' ? (
            <PatientAccessGate key={view.patientId} patientId={view.patientId}>
              <PatientScreen patientId={view.patientId} />
            </PatientAccessGate>
          ) : view.name === 'access' ? (
            <AccessScreen />
          ) : view.name === 'accessAlerts' ? (
            <AlertsScreen />
          ) : view.name === 'users' ? (
            <UsersScreen />
          ) : view.name === 'account' ? (
            <AccountScreen />
          ) : view.name === 'keys' ? (
            <SecurityKeysScreen />
          ) : view.name === 'delivery' ? (
            <DeliveryScreen />
          ) : view.name === 'consentForms' ? (
            <ConsentFormsScreen />
          ) : view.name === 'language' ? (
            <LanguageScreen />
          ) : view.name === 'audit' ? (
            <AuditScreen section={view.section} />
          ) : (
            <PatientsScreen />
          )}
        </div>
      );
  }
}
