// The framework examples' vitest settings (each example's vitest.config.ts re-exports them): the
// demo's own, since their end-to-end suites run the same way — the real server in-process
// (in-memory PGlite, demo seed, dev auth) serving the page's dist/, and Debian's Chromium driven
// by playwright-core. One file, one server, one browser.
export { default } from '@lien/ehr-demo/vitest.config';
