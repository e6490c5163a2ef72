// Entry point: read the runtime config, then render the dashboard (or say why it cannot start).
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { loadConfig } from './config.ts';
import './styles.css';

const root = createRoot(document.getElementById('root')!);

loadConfig().then(
  (config) =>
    root.render(
      <StrictMode>
        <App config={config} />
      </StrictMode>,
    ),
  (error: Error) =>
    root.render(
      <main>
        <p className="panel problem" role="alert">
          The dashboard cannot start: {error.message}
        </p>
      </main>,
    ),
);
