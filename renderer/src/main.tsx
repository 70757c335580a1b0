import { createRoot } from 'react-dom/client';

const root = document.getElementById('root');
if (root) createRoot(root).render(<p>Loading…</p>);
document.body.dataset.ready = 'true';
