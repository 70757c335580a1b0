// Renderer entry: asks the core where we are (set up? signed in?), renders the first screen, then
// tells the shell it is ready via `body[data-ready]`.
import { createRoot } from 'react-dom/client';
import { flushSync } from 'react-dom';
import './styles/app.css';
import { App } from './app/App';
import { I18nProvider } from './i18n';
import { call } from './app/clinic';
import { useAppStore } from './app/store';

async function start(): Promise<() => void> {
  const store = useAppStore.getState();
  const status = await call((api) => api.setup.status({}));
  if (!status.ok) return () => store.unavailable();
  const session = status.value.initialized ? await call((api) => api.session.current({})) : null;
  return () => store.started(status.value, session?.ok ? session.value : null);
}

const container = document.getElementById('root');
if (container) {
  const root = createRoot(container);
  flushSync(() =>
    root.render(
      <I18nProvider>
        <App />
      </I18nProvider>,
    ),
  );
  void start()
    .catch(() => () => useAppStore.getState().unavailable())
    .then((apply) => {
      // Render the first real screen synchronously so "ready" means it is on screen.
      flushSync(apply);
      performance.mark('clinic-ready');
      document.body.dataset.ready = 'true';
    });
}
