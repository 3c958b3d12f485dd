// React 19 decides between a property and an attribute when it creates an element, by asking
// whether the element has the property: so the Lien elements are registered first, before React
// renders anything. (`@lien/elements/define` registers them all; each also has its own define.)
import '@lien/elements/define';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import '@lien/examples-shared/styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
