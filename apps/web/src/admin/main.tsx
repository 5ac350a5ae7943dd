import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../lib/i18n';
import '../lib/time';
import { App } from './App';
import './app.css';

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from index.html');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
