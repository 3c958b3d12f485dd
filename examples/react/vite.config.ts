import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The built page runs under the reference server's strict CSP (script-src 'self', style-src
// 'self', Trusted Types): the build must put no inline script or style in index.html.
export default defineConfig({
  plugins: [react()],
  build: {
    target: 'es2022',
    // Every browser the elements support has <link rel="modulepreload">: no polyfill.
    modulePreload: { polyfill: false },
    // Assets stay files; nothing becomes a `data:` URL that the CSP would have to allow.
    assetsInlineLimit: 0,
    sourcemap: true,
  },
});
