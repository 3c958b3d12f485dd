/**
 * The React example end to end: the suite every framework example runs (the real server serving
 * dist/ and the API on one origin, Chromium driving the page; see @lien/examples-shared), given
 * what React does its own way.
 */
import { fileURLToPath } from 'node:url';
import { describeFrameworkExample } from '@lien/examples-shared/test/suite';

describeFrameworkExample({
  framework: 'React',
  packageName: '@lien/example-react',
  dist: fileURLToPath(new URL('../dist', import.meta.url)),
  bindings: 'with the props set as properties',
  // React 19 set properties, not attributes: no `baseurl` or `headinglevel` attribute; the
  // element reflects `baseUrl` as `base-url` itself. The ref gave the token getter.
  attributes: ['base-url', 'density', 'patient', 'variant'],
  // React DOM asks for no Trusted Types policy; any other policy is refused.
  probePolicy: 'react-probe',
});
