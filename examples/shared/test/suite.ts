/**
 * A framework example end to end, the same for each (`describeFrameworkExample`): the real server
 * (in-memory PGlite, demo seed, dev auth) serves the example's dist/ and the API on one origin,
 * through the ehr-demo's harness; Chromium drives the page. Every test fails on a console error,
 * an uncaught exception, an unexpected HTTP error or a CSP violation. What differs between the
 * frameworks (which bindings became attributes, the Trusted Types policy probed) is an option,
 * given and explained by each example's test/example.test.ts.
 */
import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CareCircle } from '@lien/client';
import type { DevUser } from '@lien/ehr-demo/dev-api';
// The elements' tags in `HTMLElementTagNameMap` (types only; the page defines the elements).
import type {} from '@lien/elements/define';
import {
  axeViolations,
  cspDirectives,
  demoSession,
  familyOf,
  outsider as outsiderOf,
  textOf,
  trustedTypesProbes,
} from '@lien/ehr-demo/test/harness';
import type { BrowserContextOptions, Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Framework } from '../src/i18n.js';
import { pageTexts } from '../src/i18n.js';

/** What one framework example's suite needs to know about it. */
export interface FrameworkExample {
  /** The framework, as the page's texts and the test titles name it. */
  framework: Framework;
  /** The example's package (`@lien/example-react`): a missing dist/ asks to build it. */
  packageName: string;
  /** The example's built page (its dist/ folder), which the server serves at `/`. */
  dist: string;
  /** How the page gives the elements their values, as the first test's title ends. */
  bindings: string;
  /**
   * Every attribute `<lien-provider>` and the sidebar's `<lien-care-circle>` carry, sorted: the
   * bindings the framework wrote as attributes. Every other value must have been set as a property.
   */
  attributes: readonly string[];
  /** A Trusted Types policy the CSP test asks for on the page: the CSP must refuse it. */
  probePolicy: string;
  /** What the CSP test also proves for this framework, at the end of its title. */
  cspTitle?: string;
}

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const GP = '10990000019'; // Dr Paul RICHARD, Marie DURAND's médecin traitant
const PATIENT = 'marie-durand';
const PATIENT_NAME = 'Marie DURAND';
/** What a professional outside the circle is refused: the circle and the letters. */
const RESTRICTED = /\/fhir\/(CareTeam|DocumentReference)\?/;

/** Waits until the care circle and the discharge summary have settled. */
async function settled(page: Page): Promise<void> {
  for (const tag of ['lien-care-circle', 'lien-discharge-summary']) {
    await page
      .locator(`${tag} section[part~="base"]:not([aria-busy="true"])`)
      .waitFor({ state: 'attached' });
  }
}

const circleIn = (page: Page): Locator => page.locator('aside lien-care-circle');
const banner = (page: Page): Locator => page.locator('.patient-banner lien-declare-actor');
/** The page's own status line, where it announces what it heard from the elements. */
const status = (page: Page): Locator => page.locator('main > p.announcement');

/** The care-circle member showing the "vous" badge, or null. */
async function youInCircle(page: Page): Promise<string | null> {
  const member = circleIn(page)
    .locator('[part~="member"]')
    .filter({ has: page.locator('[part~="badge"]') });
  return (await member.count()) === 1 ? textOf(member) : null;
}

/**
 * Registers the example's end-to-end tests with vitest: one `describe` (`React example`,
 * `Vue example`) with its own server and browser. Call it at the top of the example's test file.
 */
export function describeFrameworkExample(example: FrameworkExample): void {
  const { framework, dist: DIST } = example;
  const DICTIONARIES = pageTexts(framework);

  let circle: CareCircle;

  describe(`${framework} example`, () => {
    const session = demoSession({
      staticDir: DIST,
      settled,
      assertBuilt: () => {
        if (
          !existsSync(`${DIST}/index.html`) ||
          !readdirSync(`${DIST}/assets`).some((f) => f.endsWith('.js'))
        ) {
          throw new Error(
            `${relative(ROOT, DIST)} is missing: build it first with \`pnpm --filter ${example.packageName} build\`.`,
          );
        }
      },
    });
    const newPage = (options?: BrowserContextOptions) => session.newPage(options);
    /** Opens the example and waits until the care circle and the discharge summary have settled. */
    const gotoExample = (page: Page, query?: Record<string, string>) => session.goto(page, query);
    /** A professional of the given profession outside Marie DURAND's circle. */
    const outsider = (profession: string, except: string[] = []): DevUser =>
      outsiderOf(session.users, circle, profession, except);

    beforeAll(async () => {
      circle = await (await session.clientAs(GP)).getCareCircle(`Patient/${PATIENT}`);
    });

    it(`shows the médecin traitant Marie DURAND’s care circle, his declaration and her letter, in French, ${example.bindings}`, async () => {
      const { page, problems } = await newPage();
      await gotoExample(page);

      expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual({
        user: GP,
        patient: PATIENT,
        lang: 'fr',
      });
      expect(await page.getAttribute('html', 'lang')).toBe('fr');
      expect(await textOf(page.locator('h1'))).toBe(PATIENT_NAME);
      expect(await page.title()).toBe(DICTIONARIES.fr.documentTitle(PATIENT_NAME));

      // The care circle lists its members, the GP among them with the "vous" badge.
      const active = circle.members.filter((m) => m.active).length;
      expect(active).toBeGreaterThan(5);
      await expect
        .poll(() => circleIn(page).locator('[part~="member"]').count())
        .toBeGreaterThanOrEqual(active);
      await expect.poll(() => youInCircle(page)).toMatch(/RICHARD.*vous/i);
      await banner(page).locator('[part~="declared"]').waitFor();
      await page.locator('lien-discharge-summary [part~="reason"]').waitFor();

      // Which bindings the framework wrote as attributes: exactly `example.attributes`. Every
      // value reads back as a property all the same (Lit converts attributes), the token getter a
      // function.
      const provider = await page.evaluate(() => {
        const element = document.querySelector('lien-provider')!;
        const circleElement =
          document.querySelector<HTMLElementTagNameMap['lien-care-circle']>(
            'aside lien-care-circle',
          )!;
        return {
          baseUrl: element.baseUrl,
          reflected: element.getAttribute('base-url'),
          attributes: [element, circleElement].flatMap((e) => e.getAttributeNames()).sort(),
          getAccessToken: typeof element.getAccessToken,
          headingLevel: circleElement.headingLevel,
          variant: circleElement.variant,
          patient: circleElement.patient,
        };
      });
      expect(provider).toEqual({
        baseUrl: `${session.server.url}/fhir`,
        reflected: `${session.server.url}/fhir`,
        attributes: example.attributes,
        getAccessToken: 'function',
        headingLevel: 2,
        variant: 'compact',
        patient: `Patient/${PATIENT}`,
      });

      await page.setViewportSize({ width: 360, height: 800 });
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow, 'no horizontal scrolling at 360 px').toBeLessThanOrEqual(0);

      await problems.settle(page);
      expect(problems.list).toEqual([]);
    });

    it('lets a pharmacist outside the circle declare, then withdraw, in one click each; the page hears both events', async () => {
      const pharmacist = outsider('21');
      const { page, problems } = await newPage();
      problems.allow403(RESTRICTED);
      await gotoExample(page, { user: pharmacist.rpps, patient: PATIENT, lang: 'fr' });

      await circleIn(page).locator('[part~="forbidden"]').waitFor();
      expect(await textOf(circleIn(page).locator('[part~="forbidden"]'))).toMatch(/Accès réservé/);
      expect(await textOf(status(page))).toBe('');

      await banner(page).locator('[part~="declare-button"]').click();
      await banner(page).locator('[part~="declared"]').waitFor();
      await expect.poll(() => youInCircle(page)).toContain(familyOf(pharmacist));
      // The page's `lien-actor-declared` listener on <lien-provider> ran.
      await expect.poll(() => textOf(status(page))).toBe(DICTIONARIES.fr.declared(PATIENT_NAME));
      // The letter, refused before, loads in place.
      await page.locator('lien-discharge-summary [part~="reason"]').waitFor();

      await banner(page).locator('[part~="withdraw-button"]').click();
      await banner(page).locator('[part~="declare-button"]').waitFor();
      await expect.poll(() => textOf(status(page))).toBe(DICTIONARIES.fr.withdrawn(PATIENT_NAME));
      await circleIn(page).locator('[part~="forbidden"]').waitFor();

      await problems.settle(page);
      expect(problems.list).toEqual([]);
    });

    it('switches the page and the elements between French and English', async () => {
      const { page, problems } = await newPage();
      await gotoExample(page, { user: GP, patient: PATIENT });
      await page.locator('lien-discharge-summary [part~="reason"]').waitFor();
      const texts = async () => ({
        label: await textOf(page.locator('label[for="user-select"]')),
        circle: await textOf(circleIn(page).locator('[part~="title"]')),
        declared: await textOf(banner(page).locator('[part~="declared"]')),
        letter: await textOf(page.locator('lien-discharge-summary [part~="title"]')),
      });
      const french = await texts();
      expect(french.label).toBe(DICTIONARIES.fr.userLabel);
      expect(french.circle).toMatch(/Cercle de soins/);

      await page.getByRole('button', { name: 'English' }).click();
      await expect.poll(() => page.getAttribute('html', 'lang')).toBe('en-GB');
      await expect.poll(async () => (await texts()).circle).toMatch(/Care circle/i);
      const english = await texts();
      expect(english.label).toBe(DICTIONARIES.en.userLabel);
      // Every element's text changed, not only the page's.
      for (const key of ['circle', 'declared', 'letter'] as const) {
        expect(english[key], key).not.toBe(french[key]);
      }
      expect(await page.getAttribute('button[lang="en"]', 'aria-pressed')).toBe('true');
      expect(new URL(page.url()).searchParams.get('lang')).toBe('en');

      await page.getByRole('button', { name: 'Français' }).click();
      await expect.poll(texts).toEqual(french);

      await problems.settle(page);
      expect(problems.list).toEqual([]);
    });

    it('follows the selects: the same elements take another patient, then another user’s client', async () => {
      const physician = outsider('10');
      const { page, problems } = await newPage();
      problems.allow403(RESTRICTED);
      await gotoExample(page, { user: GP, patient: PATIENT });
      const element = await circleIn(page).elementHandle();

      await page.selectOption('#patient-select', 'lucien-morel');
      await expect.poll(() => textOf(page.locator('h1'))).toBe('Lucien MOREL');
      await expect
        .poll(() => element!.evaluate((e) => (e as HTMLElement & { patient: string }).patient))
        .toBe('Patient/lucien-morel');
      expect(await element!.evaluate((e) => e.isConnected)).toBe(true);
      await expect.poll(() => youInCircle(page)).toMatch(/RICHARD/);

      await page.selectOption('#patient-select', PATIENT);
      await page.selectOption('#user-select', physician.rpps);
      // A physician outside the circle: restricted, with the emergency access offered.
      await circleIn(page).locator('[part~="forbidden"]').waitFor();
      await banner(page).locator('lien-break-the-glass [part~="trigger"]').waitFor();
      expect(await element!.evaluate((e) => e.isConnected)).toBe(true);
      expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual({
        user: physician.rpps,
        patient: PATIENT,
        lang: 'fr',
      });

      await problems.settle(page);
      expect(problems.list).toEqual([]);
    });

    it('opens its own secure messaging: it cancels the care circle’s lien-contact event', async () => {
      const { page, problems } = await newPage();
      await gotoExample(page, { user: GP, patient: PATIENT });
      const mail = circleIn(page).locator('a[part~="contact-mssante"]').first();
      const address = ((await mail.getAttribute('href')) ?? '').replace(/^mailto:/, '');
      expect(address).toMatch(/@/);
      await mail.click();
      await expect.poll(() => textOf(status(page))).toBe(DICTIONARIES.fr.contact(address));

      await problems.settle(page);
      expect(problems.list).toEqual([]);
    });

    it(`runs under the server’s strict CSP, unchanged: no inline script or style, Trusted Types enforced${example.cspTitle ? `, ${example.cspTitle}` : ''}`, async () => {
      const source = await readFile(`${DIST}/index.html`, 'utf8');
      expect(source).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
      expect(source).not.toMatch(/<style|\sstyle=/);

      const { page, problems } = await newPage();
      const response = await page.goto(`${session.server.url}/?user=${GP}&patient=${PATIENT}`);
      await settled(page);
      await page.locator('lien-discharge-summary [part~="reason"]').waitFor();
      await problems.settle(page);
      expect(problems.list).toEqual([]);

      const header = cspDirectives(response?.headers()['content-security-policy']);
      expect(header).toMatchObject({
        'script-src': "'self'",
        'style-src': "'self'",
        'require-trusted-types-for': "'script'",
        'trusted-types': 'lit-html lien-letters',
      });
      const { 'frame-ancestors': _framing, ...headerForMeta } = header;
      expect(
        cspDirectives(
          await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content'),
        ),
      ).toEqual(headerForMeta);

      // In force: a string sink is refused, and so is the probed Trusted Types policy.
      expect(await trustedTypesProbes(page, example.probePolicy)).toEqual({
        innerHTML: 'refused',
        policy: 'refused',
      });
    });

    it('has no axe-core violation (WCAG 2.1 AA), in French and in English, and keyboard users skip to the record', async () => {
      const { page, problems } = await newPage({ bypassCSP: true });
      problems.allow403(RESTRICTED);
      await gotoExample(page, { user: GP, patient: PATIENT, lang: 'fr' });
      await page.locator('lien-discharge-summary [part~="pending-results"]').waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await gotoExample(page, { user: outsider('10').rpps, patient: PATIENT, lang: 'en' });
      await circleIn(page).locator('[part~="forbidden"]').waitFor();
      expect(await axeViolations(page)).toEqual([]);

      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.className)).toBe('skip-link');
      await page.keyboard.press('Enter');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
      // The focus is visible on the page's own controls.
      await page.focus('#user-select');
      await page.keyboard.press('Tab');
      expect(
        await page.evaluate(() => {
          const focused = document.activeElement!;
          return [focused.id, getComputedStyle(focused).outlineStyle];
        }),
      ).toEqual(['patient-select', 'solid']);
      expect(problems.list).toEqual([]);
    });
  });
}
