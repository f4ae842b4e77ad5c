import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { registerModuleMessages } from './i18n';
import './styles/app.css';
import { App } from './App';
import { WEB_MODULES } from './modules';

registerModuleMessages(WEB_MODULES);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
