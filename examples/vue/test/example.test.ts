/**
 * The Vue example end to end: the suite every framework example runs (the real server serving
 * dist/ and the API on one origin, Chromium driving the page; see @lien/examples-shared), given
 * what Vue does its own way.
 */
import { fileURLToPath } from 'node:url';
import { describeFrameworkExample } from '@lien/examples-shared/test/suite';

describeFrameworkExample({
  framework: 'Vue',
  packageName: '@lien/example-vue',
  dist: fileURLToPath(new URL('../dist', import.meta.url)),
  bindings: 'given by attributes and properties',
  // Vue wrote the strings as attributes (`base-url`, `heading-level`, which Lit turned into the
  // properties `baseUrl` and the number `headingLevel`), and the token getter with `.prop`.
  attributes: ['base-url', 'density', 'heading-level', 'patient', 'variant'],
  // Vue's runtime asked for no `vue` policy at load (vite.config.ts): the page reports no
  // violation while it loads. The CSP was not widened for it: the policy is still refused, as is
  // a string sink.
  probePolicy: 'vue',
  cspTitle: 'Vue asks for no policy',
});
