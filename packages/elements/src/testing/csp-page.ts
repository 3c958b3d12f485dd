/**
 * Loaded by csp.test.ts inside an iframe with a strict Content-Security-Policy and Trusted
 * Types: registers every element and renders each state, reporting CSP violations to the test.
 * Not part of the published build.
 */
import '../define.js';
import { emptyCircle, forbiddenError, sampleCircle, PHYSICIAN_USER } from './data.js';
import { fakeClient } from './fake-client.js';

const violations: string[] = [];
document.addEventListener('securitypolicyviolation', (event) => {
  violations.push(`${event.violatedDirective}: ${event.blockedURI} ${event.sample}`);
});

const circle = document.createElement('lien-care-circle');
circle.careCircle = sampleCircle();
circle.theme = 'dark';

const empty = document.createElement('lien-care-circle');
empty.careCircle = emptyCircle();

const refused = document.createElement('lien-care-circle');
refused.patient = 'Patient/123';
refused.client = fakeClient({
  getCareCircle: async () => {
    throw forbiddenError(['declare-actor', 'break-the-glass']);
  },
});

const declare = document.createElement('lien-declare-actor');
declare.user = PHYSICIAN_USER;
declare.remedies = ['declare-actor', 'break-the-glass'];

document.body.append(circle, empty, refused, declare);

(window as unknown as { lienCsp: unknown }).lienCsp = {
  violations,
  ready: Promise.all([circle.updateComplete, empty.updateComplete, declare.updateComplete]),
};
