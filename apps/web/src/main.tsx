import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { adoptKeyFromLocation } from './lib/api-key.ts';
import { adoptOAuthOutcomeFromLocation } from './lib/oauth-return.ts';
import './styles.css';

const initialKey = adoptKeyFromLocation();
adoptOAuthOutcomeFromLocation();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App initialKey={initialKey} />
  </StrictMode>,
);
