import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { adoptKeyFromLocation } from './lib/api-key.ts';
import './styles.css';

const initialKey = adoptKeyFromLocation();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App initialKey={initialKey} />
  </StrictMode>,
);
