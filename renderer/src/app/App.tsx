// Picks the screen for the current phase and view.
import { useAppStore } from './store';
import { Header } from '../components/Header';
import { SetupScreen } from '../screens/SetupScreen';
import { SignInScreen } from '../screens/SignInScreen';
import { PatientsScreen } from '../screens/PatientsScreen';
import { PatientScreen } from '../screens/PatientScreen';

export function App() {
  const phase = useAppStore((s) => s.phase);
  const view = useAppStore((s) => s.view);
  switch (phase) {
    case 'starting':
      return (
        <main className="auth" aria-busy="true">
          <p className="muted">Starting…</p>
        </main>
      );
    case 'unavailable':
      return (
        <main className="auth">
          <div className="auth__card" role="alert">
            <h1>The workstation could not start</h1>
            <p>The application could not reach its data. Close it and open it again; if this keeps happening, contact your administrator.</p>
          </div>
        </main>
      );
    case 'setup':
      return <SetupScreen />;
    case 'signIn':
      return <SignInScreen />;
    case 'app':
      return (
        <div className="app">
          <Header />
          {view.name === 'patient' ? <PatientScreen key={view.patientId} patientId={view.patientId} /> : <PatientsScreen />}
        </div>
      );
  }
}
