/**
 * Hostile letters: the XSS corpus of CDA narratives and FHIR XHTML (script, on* handlers,
 * javascript:/data: links, SVG, MathML, iframe, encoded and double-encoded markup) renders as
 * text, runs nothing, leaves no dangerous element or attribute in the shadow tree, and triggers
 * no violation of a strict Content-Security-Policy with Trusted Types.
 */
import type { LetterContent } from '@lien/client';
import { aTimeout, expect, fixture, html, waitUntil } from '@open-wc/testing';
import { hostileCda, hostileFhirBundle } from '../testing/letters.js';
import { settled } from '../testing/letters.js';
import './define.js';
import type { LienDischargeSummary } from './lien-discharge-summary.js';

type XssWindow = Window & { __lienXss?: unknown };

/** The elements the discharge summary's own templates use; nothing else may appear. */
const ALLOWED_ELEMENTS = new Set([
  'a', 'br', 'caption', 'dd', 'details', 'div', 'dl', 'dt', 'header', 'label', 'li', 'ol',
  'option', 'p', 'q', 'section', 'select', 'small', 'span', 'sub', 'summary', 'sup', 'table', 'tbody',
  'td', 'tfoot', 'th', 'thead', 'time', 'tr', 'ul', 'button', 'slot', 'lien-declare-actor',
]); // prettier-ignore

/** The attributes the templates set; letter content may only reach text and typed values. */
const ALLOWED_ATTRIBUTES = new Set([
  'aria-busy', 'aria-hidden', 'aria-labelledby', 'aria-live', 'aria-level', 'class', 'colspan', 'datetime',
  'download', 'for', 'href', 'id', 'part', 'rel', 'role', 'rowspan', 'scope', 'tabindex',
  'target', 'type', 'value', 'data-label', 'selected', 'open', 'name', 'lang',
]); // prettier-ignore

/** Every problem found by walking the shadow tree (elements, attributes, link targets). */
function dangers(root: ShadowRoot): string[] {
  const found: string[] = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const element = node as Element;
    const name = element.localName;
    if (!ALLOWED_ELEMENTS.has(name) || element.namespaceURI !== 'http://www.w3.org/1999/xhtml') {
      found.push(`element <${name}> (${element.namespaceURI})`);
    }
    for (const attribute of element.attributes) {
      if (!ALLOWED_ATTRIBUTES.has(attribute.name))
        found.push(`attribute ${attribute.name} on <${name}>`);
      if (/^on/i.test(attribute.name)) found.push(`handler ${attribute.name} on <${name}>`);
    }
    const href = element.getAttribute('href');
    if (href !== null && !/^(https?:\/\/|blob:)/.test(href)) found.push(`href ${href}`);
    for (const span of ['colspan', 'rowspan']) {
      const value = element.getAttribute(span);
      if (value !== null && !/^\d{1,4}$/.test(value)) found.push(`${span} ${value}`);
    }
  }
  return found;
}

async function renderHostile(content: LetterContent): Promise<LienDischargeSummary> {
  const el = await fixture<LienDischargeSummary>(
    html`<lien-discharge-summary lang="fr" .content=${content}></lien-discharge-summary>`,
  );
  await settled(el);
  // Open every section so that every narrative is rendered and laid out.
  for (const details of el.shadowRoot?.querySelectorAll('details') ?? []) details.open = true;
  await aTimeout(50);
  return el;
}

/**
 * Hovers and clicks every element (on* handlers, if any had survived, would run). Not inside
 * links: a click there would open the link's new tab and background the test page.
 */
function poke(root: ShadowRoot): void {
  for (const element of root.querySelectorAll<HTMLElement>('p, span, td, th, li, div')) {
    if (element.closest('a')) continue;
    element.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
    element.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
  }
}

describe('<lien-discharge-summary> with hostile letters', () => {
  beforeEach(() => {
    delete (window as XssWindow).__lienXss;
  });

  it('renders the CDA corpus without running anything', async () => {
    const el = await renderHostile({ type: 'cda', xml: hostileCda() });
    poke(el.shadowRoot as ShadowRoot);
    await aTimeout(50);
    expect((window as XssWindow).__lienXss).to.equal(undefined);
  });

  it('leaves no dangerous element or attribute from the CDA corpus in the shadow tree', async () => {
    const el = await renderHostile({ type: 'cda', xml: hostileCda() });
    expect(dangers(el.shadowRoot as ShadowRoot)).to.deep.equal([]);
  });

  it('shows encoded markup of the CDA as the text it is', async () => {
    const el = await renderHostile({ type: 'cda', xml: hostileCda() });
    const text = el.shadowRoot?.textContent ?? '';
    expect(text).to.contain('<script>window.__lienXss = 13</script>');
    expect(text).to.contain('<img src=x onerror=window.__lienXss=15>');
    expect(text).to.contain('<img src=x onerror="window.__lienXss = 20">DOLIPRANE');
    expect(text).to.contain('<svg onload="window.__lienXss = 22">Hôpital');
  });

  it('keeps only the https link of the CDA corpus as a link, opened safely', async () => {
    const el = await renderHostile({ type: 'cda', xml: hostileCda() });
    const links = [...(el.shadowRoot?.querySelectorAll('.narrative a') ?? [])];
    expect(links.length).to.be.greaterThan(0);
    for (const link of links) {
      expect(link.getAttribute('href')).to.equal(
        'https://example.org/%22onmouseover=%22window.__lienXss=8',
      );
      expect(link.getAttribute('rel')).to.equal('noopener noreferrer');
      expect(link.getAttribute('target')).to.equal('_blank');
    }
    const text = el.shadowRoot?.textContent ?? '';
    expect(text).to.contain('lien javascript');
    expect(text).to.contain('lien data');
  });

  it('renders the FHIR corpus without running anything', async () => {
    const el = await renderHostile({ type: 'fhir', bundle: hostileFhirBundle() });
    poke(el.shadowRoot as ShadowRoot);
    await aTimeout(50);
    expect((window as XssWindow).__lienXss).to.equal(undefined);
  });

  it('leaves no dangerous element or attribute from the FHIR corpus in the shadow tree', async () => {
    const el = await renderHostile({ type: 'fhir', bundle: hostileFhirBundle() });
    expect(dangers(el.shadowRoot as ShadowRoot)).to.deep.equal([]);
    const text = el.shadowRoot?.textContent ?? '';
    expect(text).to.contain('<img src=x onerror="window.__lienXss = 41">VENTOLINE');
    expect(text).to.contain('<script>window.__lienXss = 37</script>');
    // An image is never loaded: its place is said, with its description as text.
    const image = el.shadowRoot?.querySelector('[part~="narrative-image"]');
    expect(image?.textContent).to.contain('Image non affichée');
    expect(image?.querySelector('q')?.textContent).to.equal(
      'ECG <b onclick="window.__lienXss = 34">sinusal</b>',
    );
    const fetched = performance.getEntriesByType('resource').map((entry) => entry.name);
    expect(fetched.filter((url) => url.includes('evil.example'))).to.deep.equal([]);
  });

  it('finds an injected handler or script when there is one (the walk itself works)', async () => {
    const host = document.createElement('div');
    const root = host.attachShadow({ mode: 'open' });
    const img = document.createElement('img');
    img.setAttribute('onerror', 'void 0');
    const link = document.createElement('a');
    link.setAttribute('href', 'javascript:void 0');
    root.append(img, link, document.createElementNS('http://www.w3.org/2000/svg', 'svg'));
    expect(dangers(root)).to.deep.equal([
      'element <img> (http://www.w3.org/1999/xhtml)',
      'attribute onerror on <img>',
      'handler onerror on <img>',
      'href javascript:void 0',
      'element <svg> (http://www.w3.org/2000/svg)',
    ]);
  });

  it('is accessible with the hostile letters rendered', async () => {
    const el = await renderHostile({ type: 'cda', xml: hostileCda() });
    await expect(el).to.be.accessible();
  });

  it('triggers no violation of a strict CSP with Trusted Types', async () => {
    const policy = [
      "default-src 'none'",
      "script-src 'self'",
      "style-src 'self'",
      "connect-src 'self'",
      "require-trusted-types-for 'script'",
      // Lit's policy and the element's XML parsing policy (see xml-parser.ts).
      'trusted-types lit-html lien-letters',
    ].join('; ');
    const frame = document.createElement('iframe');
    const page = new URL('../testing/discharge-csp-page.ts', import.meta.url).pathname;
    frame.srcdoc = `<!doctype html><html lang="fr"><head>
      <meta http-equiv="Content-Security-Policy" content="${policy}">
      <script type="module" src="${page}"></script></head><body></body></html>`;
    document.body.append(frame);
    try {
      type Probe = { violations: string[]; ready: Promise<unknown> };
      const win = () => frame.contentWindow as (XssWindow & { lienCsp?: Probe }) | null;
      await waitUntil(() => win()?.lienCsp, 'the page did not load under the policy', {
        timeout: 4000,
      });
      const probe = win()?.lienCsp as Probe;
      await probe.ready;
      const doc = frame.contentDocument as Document;
      for (const summary of doc.querySelectorAll('lien-discharge-summary')) {
        for (const details of summary.shadowRoot?.querySelectorAll('details') ?? [])
          details.open = true;
        poke(summary.shadowRoot as ShadowRoot);
      }
      await aTimeout(100);
      const treatments = doc
        .querySelector('lien-discharge-summary')
        ?.shadowRoot?.querySelector('[part~="discharge-treatments"]');
      expect(treatments?.textContent).to.contain('DOLIPRANE');
      expect(win()?.__lienXss).to.equal(undefined);
      expect(probe.violations).to.deep.equal([]);
    } finally {
      frame.remove();
    }
  });
});
