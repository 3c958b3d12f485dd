import { expect, waitUntil } from '@open-wc/testing';

// The policy a strict host page would set: no inline script, no eval, no inline style,
// Trusted Types required (Lit's own policy, `lit-html`, is the only one allowed).
const POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "require-trusted-types-for 'script'",
  'trusted-types lit-html',
].join('; ');

interface CspProbe {
  violations: string[];
  ready: Promise<unknown>;
}

describe('strict CSP and Trusted Types', () => {
  it('renders every element without a single violation', async () => {
    const frame = document.createElement('iframe');
    const page = new URL('./testing/csp-page.ts', import.meta.url).pathname;
    frame.srcdoc = `<!doctype html><html lang="fr"><head>
      <meta http-equiv="Content-Security-Policy" content="${POLICY}">
      <script type="module" src="${page}"></script></head><body></body></html>`;
    document.body.append(frame);
    try {
      const win = () => frame.contentWindow as (Window & { lienCsp?: CspProbe }) | null;
      await waitUntil(() => win()?.lienCsp, 'the page did not load under the policy', {
        timeout: 4000,
      });
      const probe = win()?.lienCsp as CspProbe;
      await probe.ready;
      const doc = frame.contentDocument as Document;
      const refused = doc.querySelectorAll('lien-care-circle')[2];
      await waitUntil(() => refused?.shadowRoot?.querySelector('[part="forbidden"]'));
      const circle = doc.querySelector('lien-care-circle');
      expect(circle?.shadowRoot?.querySelectorAll('[part~="member"]').length).to.equal(6);
      // Styles applied through adopted style sheets despite style-src 'self'.
      const title = circle?.shadowRoot?.querySelector('[part="title"]') as Element;
      expect(frame.contentWindow?.getComputedStyle(title).fontWeight).to.equal('600');
      expect(probe.violations).to.deep.equal([]);
    } finally {
      frame.remove();
    }
  });
});
