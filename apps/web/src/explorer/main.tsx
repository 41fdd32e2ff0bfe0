// Monaco's editor, JSON and GraphQL workers, bundled by Vite like the rest (nothing from a CDN).
import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import './explorer.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { adoptKeyFromLocation } from '../lib/api-key.ts';
import { Explorer } from './Explorer.tsx';

// The dashboard stores its key on this origin; a `#key=` link is adopted (and stripped) the same way.
const apiKey = adoptKeyFromLocation();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Explorer apiKey={apiKey} />
  </StrictMode>,
);
