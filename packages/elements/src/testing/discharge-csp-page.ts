/**
 * Loaded by the discharge summary's XSS test inside an iframe with a strict Content-Security-
 * Policy and Trusted Types: renders the hostile CDA and FHIR letters (and a PDF-only letter) and
 * reports CSP violations to the test. Not part of the published build.
 */
import '../discharge-summary/define.js';
import { hostileCda, hostileFhirBundle, pdfLetter } from './letters.js';

const violations: string[] = [];
document.addEventListener('securitypolicyviolation', (event) => {
  violations.push(`${event.violatedDirective}: ${event.blockedURI} ${event.sample}`);
});

const cda = document.createElement('lien-discharge-summary');
cda.content = { type: 'cda', xml: hostileCda() };
const fhir = document.createElement('lien-discharge-summary');
fhir.content = { type: 'fhir', bundle: hostileFhirBundle() };
fhir.theme = 'dark';
const pdf = document.createElement('lien-discharge-summary');
pdf.letter = pdfLetter();

const loaded = (element: HTMLElement) =>
  new Promise((resolve) => element.addEventListener('lien-letter-loaded', resolve, { once: true }));
const ready = Promise.all([loaded(cda), loaded(fhir), loaded(pdf)]);
document.body.append(cda, fhir, pdf);

(window as unknown as { lienCsp: unknown }).lienCsp = { violations, ready };
