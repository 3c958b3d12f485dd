/**
 * The demo EHR page end to end: the real server (in-memory PGlite, demo seed, dev auth) serves
 * dist/ and the API on one origin; Chromium drives the page. Every test fails on a console error,
 * an uncaught exception, an unexpected HTTP error or a CSP violation.
 *
 * The server seeds the demo data set as `pnpm start` does, letters included: Lucien MOREL has three
 * letters of different dates (CDA, FHIR, PDF), which the discharge summary's chooser offers.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { CareCircle, LienClient } from '@lien/client';
import type { BrowserContextOptions, Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DevPatient, DevUser } from '../src/dev-api.js';
import { DICTIONARIES, LANG_TAGS } from '../src/i18n.js';
import {
  assertBuilt,
  axeViolations,
  cspDirectives,
  demoSession,
  familyOf,
  outsider as outsiderOf,
  RESULTS,
  textOf,
  trustedTypesProbes,
} from './harness.js';

const PATIENT = 'marie-durand';
const DEFAULT_GP = '10990000019';

/** The demo seed's patient with several letters, and their DocumentReferences, newest first. */
const CHOOSER_PATIENT = 'lucien-morel';
const CHOOSER_LETTERS = {
  /** Clinique du Parc, internal medicine, 23–28 April 2025 (LDL-SES, short). */
  cda: 'DocumentReference/letter-ldl-ses-demo-2',
  /** CH de Fourvière, internal medicine, 7–14 October 2024 (HL7 Europe HDR). */
  fhir: 'DocumentReference/letter-hdr-demo-2',
  /** CHU Lyon-Sud, cardiology, 11–14 June 2024 (PDF only). */
  pdf: 'DocumentReference/letter-pdf-only-demo-2',
} as const;

/** The ANS example letter the seed loads when the shared fixtures are there (not in the repository). */
const ANS_2022 = process.env.LIEN_FIXTURES_DIR
  ? `${process.env.LIEN_FIXTURES_DIR}/cda/LDL-SES_2022.01.xml`
  : fileURLToPath(new URL('../../../../shared/fixtures/cda/LDL-SES_2022.01.xml', import.meta.url));
const HAS_ANS_2022 = existsSync(ANS_2022);

/** Every request a restricted professional sees refused: the circle and the letters. */
const RESTRICTED = /\/fhir\/(CareTeam|DocumentReference)\?/;

const session = demoSession({ settled, assertBuilt });
let patients: DevPatient[];
let circle: CareCircle;
/** The real client, signed in as the default GP (member of Marie DURAND's and Lucien MOREL's circles). */
let gpClient: LienClient;
/** Active members of each patient's circle, by patient id. */
let members: Map<string, DevUser[]>;

const newPage = (options?: BrowserContextOptions) => session.newPage(options);
/** Opens the page with query parameters and waits until the page has settled. */
const gotoDemo = (page: Page, query?: Record<string, string>) => session.goto(page, query);

/** The sidebar circle, the patient's facts and the discharge summary have loaded. */
async function settled(page: Page): Promise<void> {
  await page.locator('#sidebar section[part~="base"]:not([aria-busy="true"])').waitFor();
  await page.locator('#patient-facts .fact').first().waitFor();
  await summaryDone(page);
}

/** The discharge summary of the Synthèse tab. */
const summary = (page: Page): Locator => page.locator('#panel-summary lien-discharge-summary');

/** A part of the discharge summary (inside its shadow root). */
const summaryPart = (page: Page, part: string): Locator =>
  page.locator(`#panel-summary lien-discharge-summary [part~="${part}"]`);

/** Waits until the discharge summary shows a state other than loading (letter, empty, refused…). */
async function summaryDone(page: Page): Promise<void> {
  await page
    .locator('#panel-summary section[part~="base"][aria-busy="false"]')
    .waitFor({ state: 'attached' });
}

/** An active member of the patient's circle, of the given profession when asked. */
function memberOf(patientId: string, profession?: string): DevUser {
  const found = (members.get(patientId) ?? []).find(
    (u) => !profession || u.profession.code === profession,
  );
  if (!found) throw new Error(`the seed has no member of ${patientId}'s circle (${profession})`);
  return found;
}

/** A professional of the given profession who is not an active member of Marie DURAND's circle. */
const outsider = (profession: string, except: string[] = []): DevUser =>
  outsiderOf(session.users, circle, profession, except);

/** The text of the sidebar member showing the "vous" badge, or null. */
async function youInSidebar(page: Page): Promise<string | null> {
  const member = page
    .locator('#sidebar [part~="member"]')
    .filter({ has: page.locator('[part~="badge"].you') });
  return (await member.count()) === 1 ? member.textContent() : null;
}

beforeAll(async () => {
  const { server, users } = session;
  patients = (await (await fetch(`${server.url}/dev/patients`)).json()) as DevPatient[];
  // The patient's circle as her médecin traitant sees it (through the real client).
  gpClient = await session.clientAs(DEFAULT_GP);
  circle = await gpClient.getCareCircle(`Patient/${PATIENT}`);
  // Who is in which circle: read from the server's participation index (the server runs in this
  // process), since no API lists a circle to someone outside it.
  const { rows } = await server.db.query<{ patient_id: string; member_id: string }>(
    `SELECT patient_id, member_id FROM care_team_participation
      WHERE period_end IS NULL AND member_type = 'PractitionerRole' ORDER BY patient_id, member_id`,
  );
  members = new Map();
  for (const row of rows) {
    const user = users.find((u) => u.practitionerRole === `PractitionerRole/${row.member_id}`);
    if (user) members.set(row.patient_id, [...(members.get(row.patient_id) ?? []), user]);
  }
  await mkdir(RESULTS, { recursive: true });
});

describe('demo EHR page', () => {
  it('opens the médecin traitant’s view of Marie DURAND in French, and completes the URL', async () => {
    const { page, problems } = await newPage();
    await gotoDemo(page);

    const url = new URL(page.url());
    expect(Object.fromEntries(url.searchParams)).toEqual({
      user: DEFAULT_GP,
      patient: PATIENT,
      lang: 'fr',
    });
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    expect(await page.locator('h1').textContent()).toMatch(/DURAND Marie/);
    expect(await page.locator('#patient-facts').textContent()).toContain('2 51 03 69 123 381 51');
    expect(await page.title()).toMatch(/^DURAND Marie .* — MédiDémo$/);

    const gp = session.users.find((u) => u.rpps === DEFAULT_GP)!;
    await expect.poll(() => youInSidebar(page)).toContain(familyOf(gp));
    await page.locator('#patient-actions [part~="declared"]').waitFor();
    expect(await page.locator('#user-select').inputValue()).toBe(DEFAULT_GP);
    expect(await page.locator('#patient-select').inputValue()).toBe(PATIENT);
    // The Synthèse tab holds the discharge summary, given the patient as the care circle is.
    expect(await summary(page).getAttribute('patient')).toBe(`Patient/${PATIENT}`);
    expect(await page.locator('#sidebar lien-care-circle').getAttribute('patient')).toBe(
      `Patient/${PATIENT}`,
    );
    await summaryPart(page, 'reason').waitFor();

    await problems.settle(page);
    expect(problems.list).toEqual([]);

    await page.screenshot({ path: `${RESULTS}/ehr-demo-fr-gp.png`, fullPage: false });
    await page.setViewportSize({ width: 360, height: 800 });
    await page.screenshot({ path: `${RESULTS}/ehr-demo-fr-gp-360.png`, fullPage: true });
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow, 'no horizontal scrolling at 360 px').toBeLessThanOrEqual(0);
  });

  it('shows the restricted state to an outsider (circle and letter), who declares in one click, sees “vous” and the letter, and stays after a reload', async () => {
    const pharmacist = outsider('21');
    const { page, problems } = await newPage();
    problems.allow403(RESTRICTED);
    await gotoDemo(page, { user: pharmacist.rpps, patient: PATIENT, lang: 'fr' });

    const forbidden = page.locator('#sidebar [part~="forbidden"]');
    await forbidden.waitFor();
    expect(await forbidden.textContent()).toMatch(/Accès réservé/);
    expect(await youInSidebar(page)).toBeNull();
    // The letter is refused too, and nothing of it is shown.
    expect(await textOf(summaryPart(page, 'forbidden'))).toMatch(
      /Accès réservé.*courriers de sortie ne sont visibles que des professionnels/,
    );
    expect(await summaryPart(page, 'header').count()).toBe(0);

    await page.locator('#patient-actions [part~="declare-button"]').click();
    await page.locator('#patient-actions [part~="declared"]').waitFor();
    await expect.poll(() => youInSidebar(page)).toContain(familyOf(pharmacist));
    expect(await youInSidebar(page)).toMatch(/vous/i);
    // Declared: the letter loads without a reload.
    await summaryPart(page, 'reason').waitFor();
    expect(await summaryPart(page, 'forbidden').count()).toBe(0);

    await page.reload();
    await settled(page);
    await expect.poll(() => youInSidebar(page)).toContain(familyOf(pharmacist));
    expect(await forbidden.count()).toBe(0);
    await page.locator('#patient-actions [part~="declared"]').waitFor();

    // The full circle (second tab) shows the new member too.
    await page.getByRole('tab', { name: 'Cercle de soins' }).click();
    const full = page
      .locator('#panel-circle [part~="member"]')
      .filter({ has: page.locator('[part~="badge"].you') });
    await full.waitFor();
    expect(await full.textContent()).toContain(familyOf(pharmacist));
    expect(new URL(page.url()).searchParams.get('tab')).toBe('circle');

    await problems.settle(page);
    expect(problems.list).toEqual([]);
  });

  it('offers a nurse outside the circle to declare, never the break-the-glass access', async () => {
    const nurse = outsider('60');
    const { page, problems } = await newPage();
    problems.allow403(RESTRICTED);
    await gotoDemo(page, { user: nurse.rpps, patient: PATIENT, lang: 'fr' });

    await page.locator('#sidebar [part~="forbidden"]').waitFor();
    await summaryPart(page, 'forbidden').waitFor();
    await page.locator('#patient-actions [part~="declare-button"]').waitFor();
    expect(await page.locator('lien-break-the-glass').count()).toBe(0);
    expect(await page.getByText(/bris de glace/i).count()).toBe(0);

    await problems.settle(page);
    expect(problems.list).toEqual([]);
  });

  it('offers a physician outside the circle the break-the-glass access', async () => {
    const physician = outsider('10');
    const { page, problems } = await newPage();
    problems.allow403(RESTRICTED);
    await gotoDemo(page, { user: physician.rpps, patient: PATIENT, lang: 'fr' });

    await page.locator('#sidebar [part~="forbidden"]').waitFor();
    await summaryPart(page, 'forbidden').waitFor();
    const trigger = page.locator('#patient-actions lien-break-the-glass [part~="trigger"]');
    await trigger.waitFor();
    expect(await trigger.textContent()).toMatch(/bris de glace/i);
    // The sidebar's restricted state offers it as well.
    await page.locator('#sidebar lien-break-the-glass [part~="trigger"]').waitFor();

    await problems.settle(page);
    expect(problems.list).toEqual([]);
  });

  it('lets a physician outside the circle break the glass, then shows the circle and the letter', async () => {
    const physician = outsider('10', [outsider('10').rpps]);
    const { page, problems } = await newPage();
    problems.allow403(RESTRICTED);
    await gotoDemo(page, { user: physician.rpps, patient: PATIENT, lang: 'fr' });

    await page.locator('#patient-actions lien-break-the-glass [part~="trigger"]').click();
    const dialog = page.locator('#patient-actions lien-break-the-glass [part~="dialog"]');
    await dialog.waitFor();
    await dialog.locator('[part~="reason"]').fill('Patiente admise aux urgences, inconsciente.');
    await dialog.locator('[part~="submit-button"]').click();
    await dialog.locator('[part~="granted"]').waitFor();
    await dialog.locator('#close').click();

    // The circles reload with the emergency access: members visible, no restricted state.
    await page.locator('#sidebar [part~="member"]').first().waitFor();
    expect(await page.locator('#sidebar [part~="forbidden"]').count()).toBe(0);
    expect(await youInSidebar(page)).toBeNull();
    // The letter too, with the emergency access.
    await summaryPart(page, 'pending-results').waitFor();
    expect(await summaryPart(page, 'forbidden').count()).toBe(0);
    expect(await textOf(summaryPart(page, 'facility'))).toContain(
      'Centre hospitalier universitaire Lyon-Sud',
    );

    await problems.settle(page);
    expect(problems.list).toEqual([]);
  });

  it('switches every text of the page and of the elements (discharge summary included) between French and English', async () => {
    const { page, problems } = await newPage();
    await gotoDemo(page, { user: DEFAULT_GP, patient: PATIENT });
    const texts = () =>
      page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('[data-i18n]')].map((e) => [
          e.dataset.i18n!,
          e.textContent!.trim(),
        ]),
      );
    const labels = () =>
      page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('[data-i18n-label]')].map((e) => [
          e.dataset.i18nLabel!,
          e.getAttribute('aria-label'),
        ]),
      );
    const dictionary = (lang: 'fr' | 'en') =>
      DICTIONARIES[lang] as unknown as Record<string, unknown>;
    const expectLanguage = async (lang: 'fr' | 'en') => {
      expect(await page.getAttribute('html', 'lang')).toBe(LANG_TAGS[lang]);
      for (const [key, text] of await texts())
        expect(text, String(key)).toBe(dictionary(lang)[String(key)]);
      for (const [key, label] of await labels())
        expect(label, String(key)).toBe(dictionary(lang)[String(key)]);
      expect(new URL(page.url()).searchParams.get('lang')).toBe(lang);
    };

    /** The discharge summary's own words: title, block headings, a badge, the letter's date. */
    const letterWords = async () => [
      await textOf(summaryPart(page, 'title')),
      await textOf(page.locator('#panel-summary [part~="reason"] [role="heading"]')),
      await textOf(page.locator('#panel-summary [part~="pending-results"] [role="heading"]')),
      await textOf(page.locator('#panel-summary [part~="follow-up"] [role="heading"]')),
      await textOf(page.locator('#panel-summary [part~="badge-modified"]').first()),
      await textOf(summaryPart(page, 'facts')),
    ];
    const french = [
      'Lettre de liaison de sortie',
      'Motif d’hospitalisation',
      'Résultats en attente',
      'Suites à donner',
      expect.stringMatching(/Modifié/),
      expect.stringMatching(/Séjour 12–22 mai 2025 \(10 jours\).*Date du courrier 22 mai 2025/),
    ];

    await expectLanguage('fr');
    expect(await page.locator('#sidebar [part~="title"]').textContent()).toMatch(/Cercle de soins/);
    await summaryPart(page, 'reason').waitFor();
    expect(await letterWords()).toEqual(french);

    await page.getByRole('button', { name: 'English' }).click();
    await expectLanguage('en');
    expect(await page.getByRole('button', { name: 'English' }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    await expect
      .poll(() => page.locator('#sidebar [part~="title"]').textContent())
      .toMatch(/Care circle/);
    expect(await page.locator('#patient-facts').textContent()).toMatch(/Born.*March 1951/);
    expect(await page.locator('#patient-actions').textContent()).not.toMatch(/retirer|Vous êtes/);
    expect(await page.locator('#user-select optgroup').first().getAttribute('label')).toBe(
      'Physician',
    );
    // The letter is not reloaded: its words and dates change in place, dates written as the
    // page writes them (British English).
    await expect.poll(() => textOf(summaryPart(page, 'title'))).toBe('Discharge letter');
    expect(await letterWords()).toEqual([
      'Discharge letter',
      'Reason for hospitalisation',
      'Pending results',
      'Follow-up',
      expect.stringMatching(/Modified/),
      expect.stringMatching(/Stay 12 – 22 May 2025 \(10 days\).*Letter date 22 May 2025/),
    ]);

    // A link opens the English view directly.
    await page.reload();
    await settled(page);
    await expectLanguage('en');

    await page.getByRole('button', { name: 'Français' }).click();
    await expectLanguage('fr');
    await expect
      .poll(() => page.locator('#sidebar [part~="title"]').textContent())
      .toMatch(/Cercle de soins/);
    await expect.poll(letterWords).toEqual(french);

    await problems.settle(page);
    expect(problems.list).toEqual([]);
  });

  it('switches patient and professional from the demo bar, and opens a patient by INS', async () => {
    const { page, problems } = await newPage();
    problems.allow403(RESTRICTED);
    const morel = patients.find((p) => p.id === 'lucien-morel')!;
    await gotoDemo(page, { user: DEFAULT_GP, patient: morel.ins!, lang: 'fr' });
    expect(await page.locator('h1').textContent()).toMatch(/MOREL Lucien/);
    expect(await page.locator('#patient-select').inputValue()).toBe('lucien-morel');
    // The elements received the INS with the system /dev/patients gives (the seed's test OID), as
    // a host that only knows the INS would give it.
    expect(morel.insSystem).toBe('urn:oid:1.2.250.1.213.1.4.10');
    expect(await page.locator('#sidebar lien-care-circle').getAttribute('patient')).toBe(
      `${morel.insSystem}|${morel.ins}`,
    );
    // The discharge summary gets the patient exactly as the care circle does.
    expect(await summary(page).getAttribute('patient')).toBe(
      await page.locator('#sidebar lien-care-circle').getAttribute('patient'),
    );
    expect(new URL(page.url()).searchParams.get('patient')).toBe(morel.ins);

    await page.locator('#patient-select').selectOption(PATIENT);
    await expect.poll(() => page.locator('h1').textContent()).toMatch(/DURAND Marie/);
    expect(new URL(page.url()).searchParams.get('patient')).toBe(PATIENT);
    await expect.poll(() => youInSidebar(page)).not.toBeNull();

    const nurse = outsider('60');
    await page.locator('#user-select').selectOption(nurse.rpps);
    expect(new URL(page.url()).searchParams.get('user')).toBe(nurse.rpps);
    await page.locator('#sidebar [part~="forbidden"]').waitFor();
    // The letter follows the signed-in professional too: refused, nothing of Marie's letter left.
    await summaryPart(page, 'forbidden').waitFor();
    expect(await summaryPart(page, 'header').count()).toBe(0);
    expect(await page.locator('#signed-in-name').textContent()).toBe(nurse.name);

    // Unknown values fall back, with a notice: the same digits under the production OID are not
    // the seed's patient (test OID).
    await gotoDemo(page, { user: DEFAULT_GP, patient: 'nobody', lang: 'fr' });
    expect(await page.locator('#notices').textContent()).toMatch(/Patient introuvable/);
    await gotoDemo(page, {
      user: DEFAULT_GP,
      patient: `urn:oid:1.2.250.1.213.1.4.8|${morel.ins}`,
      lang: 'fr',
    });
    expect(await page.locator('#notices').textContent()).toMatch(/Patient introuvable/);
    expect(await page.locator('h1').textContent()).toMatch(/DURAND Marie/);

    await problems.settle(page);
    expect(problems.list).toEqual([]);
  });

  it('runs under the server’s strict CSP, repeated in the page’s <meta>: Trusted Types (lit-html and lien-letters only) and no inline style are enforced', async () => {
    const { page, problems } = await newPage();
    const response = await page.goto(
      `${session.server.url}/?user=${DEFAULT_GP}&patient=${PATIENT}`,
    );
    await settled(page);
    // A CDA letter read through the `lien-letters` policy, shown without any violation.
    await summaryPart(page, 'reason').waitFor();
    await problems.settle(page);
    expect(problems.list).toEqual([]);

    // The page's <meta> policy is the server's, less `frame-ancestors` (which a <meta> cannot
    // carry): the page stays as strict when served by another server, and never stricter.
    const meta = cspDirectives(
      await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content'),
    );
    const header = cspDirectives(response?.headers()['content-security-policy']);
    expect(header['frame-ancestors']).toBe("'none'");
    const { 'frame-ancestors': _framing, ...headerForMeta } = header;
    expect(meta).toEqual(headerForMeta);
    expect(meta).toMatchObject({
      'script-src': "'self'",
      'style-src': "'self'",
      'img-src': "'self' data: blob:",
      'object-src': "'none'",
      'require-trusted-types-for': "'script'",
      'trusted-types': 'lit-html lien-letters',
    });

    // The policy is in force: a string sink is refused, another Trusted Types policy cannot be
    // created, an inline style attribute is blocked.
    expect(await trustedTypesProbes(page, 'lien-probe')).toEqual({
      innerHTML: 'refused',
      policy: 'refused',
    });
    await page.evaluate(() => {
      const probe = document.createElement('div');
      probe.setAttribute('style', 'color: red');
      document.body.append(probe);
    });
    await problems.settle(page);
    const violations = problems.list.splice(0);
    // Each refusal is reported twice, once per policy (the header's and the <meta>'s): both are
    // in force. Besides the violation events, only Chromium's console reports of the same refusals.
    const reported = (pattern: RegExp) =>
      violations.filter((v) => v.startsWith('CSP violation') && pattern.test(v)).length;
    expect(reported(/require-trusted-types-for .*innerHTML/)).toBe(2);
    expect(reported(/trusted-types blocked trusted-types-policy .*lien-probe/)).toBe(2);
    expect(reported(/style-src/)).toBe(2);
    const others = violations.filter((v) => !v.startsWith('CSP violation'));
    expect(others).toHaveLength(6);
    expect(
      others.every((v) => /TrustedHTML|TrustedTypePolicy|Content Security Policy/i.test(v)),
      others.join('\n'),
    ).toBe(true);

    // The page itself (index.html, main.js, the elements) never triggers one.
    const source = await readFile(new URL('../dist/index.html', import.meta.url), 'utf8');
    expect(source).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(source).not.toMatch(/\sstyle=/);
  });

  it('has no axe-core violation (WCAG 2.1 AA) in French and in English: CDA letter, chooser with a PDF letter, restricted state', async () => {
    // axe injects its own script: this page runs without the CSP (the other tests check it).
    const { page, problems } = await newPage({ bypassCSP: true });
    problems.allow403(RESTRICTED);
    const audit = () => axeViolations(page);
    await gotoDemo(page, { user: DEFAULT_GP, patient: PATIENT, lang: 'fr' });
    await summaryPart(page, 'pending-results').waitFor();
    expect(await audit()).toEqual([]);
    await gotoDemo(page, { user: DEFAULT_GP, patient: CHOOSER_PATIENT, lang: 'fr' });
    await summaryPart(page, 'chooser').locator('select').selectOption(CHOOSER_LETTERS.pdf);
    await summaryPart(page, 'pdf-note').waitFor();
    expect(await audit()).toEqual([]);
    await gotoDemo(page, { user: outsider('10').rpps, patient: PATIENT, lang: 'en' });
    await page.locator('#sidebar [part~="forbidden"]').waitFor();
    await summaryPart(page, 'forbidden').waitFor();
    expect(await audit()).toEqual([]);

    // Skip link: first tab stop, moves focus to the main area.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('skip-link');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    expect(problems.list).toEqual([]);
  });
});

describe('discharge summary in the Synthèse tab', () => {
  it('shows the essentials of Marie DURAND’s CDA letter to her médecin traitant: facility, dates, reason, treatments at discharge, pending results, follow-up', async () => {
    const { page, problems } = await newPage();
    await gotoDemo(page, { user: DEFAULT_GP, patient: PATIENT, lang: 'fr' });
    expect(await page.getByRole('tab', { name: 'Synthèse' }).getAttribute('aria-selected')).toBe(
      'true',
    );
    await summaryPart(page, 'reason').waitFor();

    // Header: facility and unit, stay dates, letter date, patient; the original as a blob: link.
    expect(await textOf(summaryPart(page, 'facility'))).toBe(
      'Centre hospitalier universitaire Lyon-Sud — Service de cardiologie',
    );
    const facts = await textOf(summaryPart(page, 'facts'));
    expect(facts).toMatch(/Patient Marie DURAND, née le 12 mars 1951/);
    expect(facts).toMatch(/Séjour 12–22 mai 2025 \(10 jours\)/);
    expect(facts).toMatch(/Date du courrier 22 mai 2025/);
    expect(facts).toMatch(/Médecin de l’établissement Dr Vincent ROGER/);
    expect(facts).toMatch(/Médecin traitant Dr Paul RICHARD/);
    expect(await summaryPart(page, 'identity-warning').count()).toBe(0);
    const original = summaryPart(page, 'original-link').locator('a[target="_blank"]');
    expect(await original.getAttribute('href')).toMatch(new RegExp(`^blob:${session.server.url}/`));

    // Reason for hospitalisation.
    expect(await textOf(summaryPart(page, 'reason'))).toMatch(
      /^Motif d’hospitalisation Dyspnée .*insuffisance cardiaque décompensée/,
    );

    // Treatments at discharge, each with its change in words.
    const treatments = summaryPart(page, 'discharge-treatments');
    const rows = treatments.locator('[part~="treatment-table"] tbody tr');
    const row = (drug: string) => rows.filter({ hasText: drug });
    expect(await rows.count()).toBe(6);
    expect(await textOf(row('FUROSEMIDE 40 mg').locator('[part~="badge"]'))).toMatch(/Modifié/);
    expect(await textOf(row('BISOPROLOL 2,5 mg').locator('[part~="badge"]'))).toMatch(/Nouveau/);
    expect(await textOf(row('RAMIPRIL 5 mg').locator('[part~="badge"]'))).toMatch(/Poursuivi/);
    expect(await treatments.locator('[part~="badge-new"]').count()).toBe(3);
    // Treatments stopped during the stay, with the reason.
    expect(await textOf(summaryPart(page, 'stopped-treatments'))).toMatch(
      /LASILIX 20 mg.*Dose insuffisante.*KARDEGIC 75 mg.*Pas d'indication retenue/,
    );

    // Pending results, flagged: an alert-style block with a count and each result.
    const pending = await textOf(summaryPart(page, 'pending-results'));
    expect(pending).toMatch(/2 résultats ou informations à récupérer/);
    expect(pending).toMatch(/Holter ECG.*TSH prélevée le 21\/05\/2025/);

    // Follow-up, with dates.
    const followUp = await textOf(summaryPart(page, 'follow-up'));
    expect(followUp).toMatch(/Examen Ionogramme sanguin .* 29 mai 2025/);
    expect(followUp).toMatch(/Rendez-vous Consultation de cardiologie .* 24 juin 2025/);
    expect(followUp).toMatch(/Recommandation Pesée quotidienne/);

    // One letter in the seed for Marie DURAND: no chooser.
    expect(await summaryPart(page, 'chooser').count()).toBe(0);

    await problems.settle(page);
    expect(problems.list).toEqual([]);
    await page.screenshot({ path: `${RESULTS}/ehr-demo-fr-gp-synthese-cda.png`, fullPage: true });
  });

  it('offers Lucien MOREL’s three seeded letters in the chooser, newest first, and switches to the FHIR document and the PDF-only letter', async () => {
    const { page, problems } = await newPage();
    await gotoDemo(page, { user: DEFAULT_GP, patient: CHOOSER_PATIENT, lang: 'fr' });
    const chooser = summaryPart(page, 'chooser').locator('select');
    await chooser.waitFor();

    // Newest first, as the server dates them; the newest (the CDA letter of April 2025) is shown.
    const letters = await gpClient.listDischargeLetters(`Patient/${CHOOSER_PATIENT}`);
    expect(letters.map((l) => l.reference)).toEqual([
      CHOOSER_LETTERS.cda,
      CHOOSER_LETTERS.fhir,
      CHOOSER_LETTERS.pdf,
    ]);
    const options = await chooser
      .locator('option')
      .evaluateAll((all) => all.map((o) => (o as HTMLOptionElement).value));
    expect(options).toEqual(letters.map((l) => l.reference));
    expect(await chooser.inputValue()).toBe(CHOOSER_LETTERS.cda);
    expect(await textOf(summaryPart(page, 'chooser'))).toMatch(/Courrier affiché .*3 courriers/);

    // The CDA letter (LDL-SES, short): what it lacks is shown as absent, never hidden.
    expect(await textOf(summaryPart(page, 'facility'))).toBe(
      'Clinique du Parc — Service de médecine interne',
    );
    const cdaFacts = await textOf(summaryPart(page, 'facts'));
    expect(cdaFacts).toMatch(/Patient Lucien MOREL/);
    expect(cdaFacts).toMatch(/Médecin de l’établissement Dr Éric ROCHE/);
    expect(cdaFacts).toMatch(/Médecin adresseur Dr Paul RICHARD/);
    expect(await summaryPart(page, 'missing').count()).toBe(1);
    expect(await textOf(summaryPart(page, 'pending-results'))).toMatch(
      /Non renseigné dans le courrier/,
    );

    // The FHIR document (HL7 Europe HDR) of October 2024: same essentials.
    await chooser.selectOption(CHOOSER_LETTERS.fhir);
    await expect
      .poll(() => textOf(summaryPart(page, 'facility')))
      .toBe('Centre hospitalier de Fourvière — Médecine interne');
    const fhirFacts = await textOf(summaryPart(page, 'facts'));
    expect(fhirFacts).toMatch(/Patient Lucien MOREL/);
    expect(fhirFacts).toMatch(/Séjour 7–14 oct\. 2024 \(7 jours\)/);
    expect(fhirFacts).toMatch(/Dr Valérie VIDAL/);
    expect(await textOf(summaryPart(page, 'reason'))).toMatch(/Chute nocturne à domicile/);
    const treatments = summaryPart(page, 'discharge-treatments');
    const row = (drug: string) =>
      treatments.locator('[part~="treatment-table"] tbody tr').filter({ hasText: drug });
    expect(await textOf(row('AMLODIPINE 5 mg').locator('[part~="badge"]'))).toMatch(/Modifié/);
    expect(await textOf(row('PARACETAMOL 1 g').locator('[part~="badge"]'))).toMatch(/Nouveau/);
    expect(await textOf(summaryPart(page, 'stopped-treatments'))).toMatch(
      /HYDROCHLOROTHIAZIDE 25 mg.*Hyponatrémie sévère.*ZOPICLONE 7,5 mg/,
    );
    expect(await textOf(summaryPart(page, 'pending-results'))).toMatch(
      /2 résultats ou informations à récupérer/,
    );
    expect(await textOf(summaryPart(page, 'follow-up'))).toMatch(
      /Ionogramme sanguin.*21 oct\. 2024/,
    );
    expect(await chooser.inputValue()).toBe(CHOOSER_LETTERS.fhir);

    // The PDF-only letter of June 2024: a note that it is not structured, a button opening it.
    await chooser.selectOption(CHOOSER_LETTERS.pdf);
    const note = summaryPart(page, 'pdf-note');
    await note.waitFor();
    expect(await textOf(summaryPart(page, 'header'))).toMatch(
      /Centre hospitalier universitaire Lyon-Sud Lettre de liaison - Lucien MOREL \(démonstration\).*Date du courrier 14 juin 2024/,
    );
    expect(await textOf(note)).toMatch(/Courrier au format PDF \(1 page\).*n’est pas structuré/);
    const open = note.locator('a[target="_blank"]');
    expect(await textOf(open)).toMatch(/^Ouvrir le PDF/);
    expect(await open.getAttribute('href')).toMatch(new RegExp(`^blob:${session.server.url}/`));
    expect(await open.getAttribute('rel')).toBe('noopener noreferrer');
    expect(await note.locator('a[download]').count()).toBe(1);
    expect(await summaryPart(page, 'discharge-treatments').count()).toBe(0);

    await problems.settle(page);
    expect(problems.list).toEqual([]);
  });

  it('shows Inès HADDAD’s PDF-only letter once the GP declares himself (no care circle before), and opens it in a new tab', async () => {
    const { page, problems } = await newPage();
    problems.allow403(RESTRICTED);
    await gotoDemo(page, { user: DEFAULT_GP, patient: 'ines-haddad', lang: 'fr' });
    await summaryPart(page, 'forbidden').waitFor();

    await page.locator('#patient-actions [part~="declare-button"]').click();
    const note = summaryPart(page, 'pdf-note');
    await note.waitFor();
    // A PDF has no structured header: the facility and the date come from the server's index.
    expect(await textOf(summaryPart(page, 'header'))).toMatch(
      /Centre hospitalier universitaire Lyon-Sud Lettre de liaison - Inès HADDAD \(démonstration\).*Date du courrier 5 févr\. 2025/,
    );
    expect(await textOf(note)).toMatch(/Ce courrier n’est pas structuré/);
    await problems.settle(page);
    expect(problems.list).toEqual([]);
    await page.screenshot({ path: `${RESULTS}/ehr-demo-fr-gp-synthese-pdf.png`, fullPage: true });

    // The PDF opens in a new tab from a blob: URL, under the page's CSP.
    const [tab] = await Promise.all([
      page.context().waitForEvent('page'),
      note.locator('a[target="_blank"]').click(),
    ]);
    await tab.waitForLoadState();
    expect(tab.url()).toMatch(new RegExp(`^blob:${session.server.url}/`));
    await tab.waitForTimeout(1000); // the PDF viewer's first paint (thumbnail included)
    await tab.screenshot({ path: `${RESULTS}/ehr-demo-pdf-opened.png` });
    await problems.settle(page);
    expect(problems.list).toEqual([]);
  });

  it('shows the empty state to a member of Théo NGUYEN’s circle (no letter)', async () => {
    const member = memberOf('theo-nguyen');
    const { page, problems } = await newPage();
    await gotoDemo(page, { user: member.rpps, patient: 'theo-nguyen', lang: 'fr' });
    const empty = summaryPart(page, 'empty');
    await empty.waitFor();
    expect(await textOf(empty)).toBe(
      'Aucun courrier de sortie pour ce patient Les lettres de liaison reçues des établissements de santé pour ce patient apparaîtront ici.',
    );
    expect(await summaryPart(page, 'forbidden').count()).toBe(0);
    expect(await summaryPart(page, 'chooser').count()).toBe(0);

    await page.getByRole('button', { name: 'English' }).click();
    await expect
      .poll(() => textOf(empty))
      .toBe(
        'No discharge letter for this patient Discharge letters received from hospitals for this patient will appear here.',
      );
    await problems.settle(page);
    expect(problems.list).toEqual([]);
  });

  if (!HAS_ANS_2022) {
    console.warn(
      `SKIPPED: the ANS LDL-SES 2022.01 example letter test (${ANS_2022} is absent; ` +
        'set LIEN_FIXTURES_DIR or put the shared fixtures next to the repository to run it)',
    );
  }
  it.skipIf(!HAS_ANS_2022)(
    'renders the ANS LDL-SES 2022.01 example letter for Dominique PAT-TROIS, given by INS (needs ../shared/fixtures/cda; skipped when absent)',
    async () => {
      expect(session.server.seed?.letters).toContain('letter-ldl-ses-2022-01');
      const patient = patients.find((p) => p.id === 'dominique-pat-trois')!;
      const member = memberOf('dominique-pat-trois', '10');
      const { page, problems } = await newPage();
      await gotoDemo(page, { user: member.rpps, patient: patient.ins!, lang: 'fr' });
      expect(await summary(page).getAttribute('patient')).toBe(
        `urn:oid:1.2.250.1.213.1.4.10|${patient.ins}`,
      );
      await summaryPart(page, 'reason').waitFor();

      expect(await textOf(summaryPart(page, 'facility'))).toMatch(
        /^Hôpital Européen Georges Pompidou/,
      );
      const facts = await textOf(summaryPart(page, 'facts'));
      expect(facts).toMatch(/Patient Dominique PAT-TROIS/);
      expect(facts).toMatch(/Date du courrier 3 déc\. 2019/);
      // Same INS as the one the page gave: no identity warning.
      expect(await summaryPart(page, 'identity-warning').count()).toBe(0);
      expect(await textOf(summaryPart(page, 'reason'))).toMatch(/Episode psychotique/);
      expect(await textOf(summaryPart(page, 'discharge-treatments'))).toMatch(/LEPONEX 100 mg/);
      await summaryPart(page, 'follow-up').waitFor();

      await problems.settle(page);
      expect(problems.list).toEqual([]);
    },
  );
});
