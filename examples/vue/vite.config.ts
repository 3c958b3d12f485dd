import vue from '@vitejs/plugin-vue';
import type { Plugin } from 'vite';
import { defineConfig } from 'vite';

/**
 * Vue 3.5's runtime-dom asks for a Trusted Types policy named `vue` as soon as it loads (a
 * pass-through, `createHTML: (s) => s`), whether or not the app ever needs one: only `v-html` and
 * stringified static content write HTML strings. Under the Lien server's policy (`trusted-types
 * lit-html lien-letters`) the request is refused, Vue goes on without it, and the browser reports
 * a CSP violation on every page load (twice here: header and <meta>). This page writes no HTML
 * through Vue (no `v-html`, and `hoistStatic: false` below: nothing stringified), so the build tells
 * Vue that there is no Trusted Types API: nothing asked, nothing refused. The policy stays as
 * strict as it is: a `v-html` would still be blocked by `require-trusted-types-for 'script'`.
 * The build fails if Vue's code changes shape, rather than quietly doing nothing.
 */
function vueWithoutTrustedTypesPolicy(): Plugin {
  const probe = 'const tt = typeof window !== "undefined" && window.trustedTypes;';
  return {
    name: 'lien-example:vue-without-trusted-types-policy',
    transform: {
      filter: { id: /[\\/]@vue[\\/]runtime-dom[\\/]dist[\\/]runtime-dom\.esm-bundler\.js$/ },
      handler(code, id) {
        if (!code.includes(probe)) {
          this.error(`${id}: Vue's Trusted Types lookup changed; review vite.config.ts`);
        }
        // Same line, same length or shorter: the module's source map stays valid (`map: null`).
        return { code: code.replace(probe, 'const tt = undefined;'), map: null };
      },
    },
  };
}

export default defineConfig({
  plugins: [
    vue({
      template: {
        compilerOptions: {
          // Vue: `lien-*` tags are custom elements, not Vue components to resolve.
          isCustomElement: (tag) => tag.startsWith('lien-'),
          // No static subtree turned into an HTML string (inserted with innerHTML): every node is
          // created with the DOM API, as the strict CSP wants.
          hoistStatic: false,
        },
      },
    }),
    vueWithoutTrustedTypesPolicy(),
  ],
  build: {
    target: 'es2022',
    // Every browser the elements support has <link rel="modulepreload">: no polyfill.
    modulePreload: { polyfill: false },
    // Assets stay files; nothing becomes a `data:` URL that the CSP would have to allow.
    assetsInlineLimit: 0,
    sourcemap: true,
  },
});
