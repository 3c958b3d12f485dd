/**
 * The demo EHR page end to end: the real server (in-memory PGlite, demo seed, dev auth) serves
 * dist/ and the API on one origin; Chromium drives the page. Every test fails on a console error,
 * an uncaught exception, an unexpected HTTP error or a CSP violation.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { CareCircle } from '@lien/client';
import { createLienClient } from '@lien/client';
import type { RunningServer } from '@lien/server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevPatient, DevUser } from '../src/dev-api.js';
import { DICTIONARIES } from '../src/i18n.js';
import type { Problems } from './harness.js';
import { assertBuilt, launchChromium, openPage, RESULTS, startDemoServer } from './harness.js';

const PATIENT = 'marie-durand';
const DEFAULT_GP = '10990000019';

let server: RunningServer;
let browser: Browser;
let users: DevUser[];
let patients: DevPatient[];
let circle: CareCircle;

const open: { close(): Promise<void> }[] = [];

async function newPage(
  options: Parameters<typeof openPage>[1] = {},
): Promise<{ page: Page; problems: Problems }> {
  const opened = await openPage(browser, options);
  open.push(opened);
  return opened;
}

/** Opens the page with query parameters and waits until the sidebar circle has settled. */
async function gotoDemo(page: Page, query: Record<string, string> = {}): Promise<void> {
  const search = new URLSearchParams(query).toString();
  await page.goto(`${server.url}/${search ? `?${search}` : ''}`);
  await settled(page);
}

async function settled(page: Page): Promise<void> {
  await page.locator('#sidebar section[part~="base"]:not([aria-busy="true"])').waitFor();
  await page.locator('#patient-facts .fact').first().waitFor();
}

/** A professional of the given profession who is not an active member of the patient's circle. */
function outsider(profession: string, except: string[] = []): DevUser {
  const members = new Set(circle.members.filter((m) => m.active).map((m) => m.rpps));
  const found = users.find(
    (u) => u.profession.code === profession && !members.has(u.rpps) && !except.includes(u.rpps),
  );
  if (!found) throw new Error(`the seed has no outsider of profession ${profession}`);
  return found;
}

/** Family name as the element prints it (the seed names are "Dr Given FAMILY"). */
const familyOf = (user: DevUser) => user.name.split(' ').at(-1)!;

/** The text of the sidebar member showing the "vous" badge, or null. */
async function youInSidebar(page: Page): Promise<string | null> {
  const member = page
    .locator('#sidebar [part~="member"]')
    .filter({ has: page.locator('[part~="badge"].you') });
  return (await member.count()) === 1 ? member.textContent() : null;
}

beforeAll(async () => {
  assertBuilt();
  [server, browser] = await Promise.all([startDemoServer(), launchChromium()]);
  [users, patients] = await Promise.all([
    fetch(`${server.url}/dev/users`).then((r) => r.json() as Promise<DevUser[]>),
    fetch(`${server.url}/dev/patients`).then((r) => r.json() as Promise<DevPatient[]>),
  ]);
  // The patient's circle as her médecin traitant sees it (through the real client).
  const token = await fetch(`${server.url}/dev/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ rpps: DEFAULT_GP }),
  }).then((r) => r.json() as Promise<{ access_token: string }>);
  const client = createLienClient({
    baseUrl: `${server.url}/fhir`,
    getAccessToken: () => token.access_token,
  });
  circle = await client.getCareCircle(`Patient/${PATIENT}`);
  await mkdir(RESULTS, { recursive: true });
});

afterAll(async () => {
  await Promise.all(open.map((o) => o.close().catch(() => undefined)));
  await browser?.close();
  await server?.close();
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

    const gp = users.find((u) => u.rpps === DEFAULT_GP)!;
    await expect.poll(() => youInSidebar(page)).toContain(familyOf(gp));
    await page.locator('#patient-actions [part~="declared"]').waitFor();
    expect(await page.locator('#user-select').inputValue()).toBe(DEFAULT_GP);
    expect(await page.locator('#patient-select').inputValue()).toBe(PATIENT);

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

  it('shows the restricted state to an outsider, who declares in one click, sees “vous”, and stays after a reload', async () => {
    const pharmacist = outsider('21');
    const { page, problems } = await newPage();
    problems.allow403(/\/fhir\/CareTeam\?/);
    await gotoDemo(page, { user: pharmacist.rpps, patient: PATIENT, lang: 'fr' });

    const forbidden = page.locator('#sidebar [part~="forbidden"]');
    await forbidden.waitFor();
    expect(await forbidden.textContent()).toMatch(/Accès réservé/);
    expect(await youInSidebar(page)).toBeNull();

    await page.locator('#patient-actions [part~="declare-button"]').click();
    await page.locator('#patient-actions [part~="declared"]').waitFor();
    await expect.poll(() => youInSidebar(page)).toContain(familyOf(pharmacist));
    expect(await youInSidebar(page)).toMatch(/vous/i);

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
    problems.allow403(/\/fhir\/CareTeam\?/);
    await gotoDemo(page, { user: nurse.rpps, patient: PATIENT, lang: 'fr' });

    await page.locator('#sidebar [part~="forbidden"]').waitFor();
    await page.locator('#patient-actions [part~="declare-button"]').waitFor();
    expect(await page.locator('lien-break-the-glass').count()).toBe(0);
    expect(await page.getByText(/bris de glace/i).count()).toBe(0);

    await problems.settle(page);
    expect(problems.list).toEqual([]);
  });

  it('offers a physician outside the circle the break-the-glass access', async () => {
    const physician = outsider('10');
    const { page, problems } = await newPage();
    problems.allow403(/\/fhir\/CareTeam\?/);
    await gotoDemo(page, { user: physician.rpps, patient: PATIENT, lang: 'fr' });

    await page.locator('#sidebar [part~="forbidden"]').waitFor();
    const trigger = page.locator('#patient-actions lien-break-the-glass [part~="trigger"]');
    await trigger.waitFor();
    expect(await trigger.textContent()).toMatch(/bris de glace/i);
    // The sidebar's restricted state offers it as well.
    await page.locator('#sidebar lien-break-the-glass [part~="trigger"]').waitFor();

    await problems.settle(page);
    expect(problems.list).toEqual([]);
  });

  it('lets a physician outside the circle break the glass, then shows the circle', async () => {
    const physician = outsider('10', [outsider('10').rpps]);
    const { page, problems } = await newPage();
    problems.allow403(/\/fhir\/CareTeam\?/);
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

    await problems.settle(page);
    expect(problems.list).toEqual([]);
  });

  it('switches every text of the page and of the elements between French and English', async () => {
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
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
      for (const [key, text] of await texts())
        expect(text, String(key)).toBe(dictionary(lang)[String(key)]);
      for (const [key, label] of await labels())
        expect(label, String(key)).toBe(dictionary(lang)[String(key)]);
      expect(new URL(page.url()).searchParams.get('lang')).toBe(lang);
    };

    await expectLanguage('fr');
    expect(await page.locator('#sidebar [part~="title"]').textContent()).toMatch(/Cercle de soins/);

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

    // A link opens the English view directly.
    await page.reload();
    await settled(page);
    await expectLanguage('en');

    await page.getByRole('button', { name: 'Français' }).click();
    await expectLanguage('fr');
    await expect
      .poll(() => page.locator('#sidebar [part~="title"]').textContent())
      .toMatch(/Cercle de soins/);

    await problems.settle(page);
    expect(problems.list).toEqual([]);
  });

  it('switches patient and professional from the demo bar, and opens a patient by INS', async () => {
    const { page, problems } = await newPage();
    problems.allow403(/\/fhir\/CareTeam\?/);
    const morel = patients.find((p) => p.id === 'lucien-morel')!;
    await gotoDemo(page, { user: DEFAULT_GP, patient: morel.ins!, lang: 'fr' });
    expect(await page.locator('h1').textContent()).toMatch(/MOREL Lucien/);
    expect(await page.locator('#patient-select').inputValue()).toBe('lucien-morel');
    // The elements received the INS (system|value), as a host that only knows the INS would.
    expect(await page.locator('#sidebar lien-care-circle').getAttribute('patient')).toMatch(
      new RegExp(`^urn:oid:1\\.2\\.250\\.1\\.213\\.1\\.4\\.(8|10)\\|${morel.ins}$`),
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
    expect(await page.locator('#signed-in-name').textContent()).toBe(nurse.name);

    // Unknown values fall back, with a notice.
    await gotoDemo(page, { user: DEFAULT_GP, patient: 'nobody', lang: 'fr' });
    expect(await page.locator('#notices').textContent()).toMatch(/Patient introuvable/);

    await problems.settle(page);
    expect(problems.list).toEqual([]);
  });

  it('runs under the strict CSP: Trusted Types and no inline style are enforced', async () => {
    const { page, problems } = await newPage();
    const response = await page.goto(`${server.url}/?user=${DEFAULT_GP}&patient=${PATIENT}`);
    await settled(page);
    const policy = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("style-src 'self'");
    expect(policy).toContain("require-trusted-types-for 'script'");
    expect(response?.headers()['content-security-policy']).toBeTruthy();

    // The policy is in force: a string sink is refused, an inline style attribute is blocked.
    const refused = await page.evaluate(() => {
      try {
        document.createElement('div').innerHTML = '<b>x</b>';
        return false;
      } catch {
        return true;
      }
    });
    expect(refused).toBe(true);
    await page.evaluate(() => {
      const probe = document.createElement('div');
      probe.setAttribute('style', 'color: red');
      document.body.append(probe);
    });
    await problems.settle(page);
    const violations = problems.list.splice(0);
    expect(violations.some((v) => v.includes('require-trusted-types-for'))).toBe(true);
    expect(violations.some((v) => v.includes('style-src'))).toBe(true);
    // Besides the two violations, only Chromium's console reports of the same two refusals.
    const others = violations.filter((v) => !v.startsWith('CSP violation'));
    expect(others).toHaveLength(2);
    expect(others.every((v) => /TrustedHTML|Content Security Policy/.test(v))).toBe(true);

    // The page itself (index.html, main.js, the elements) never triggers one.
    const source = await readFile(new URL('../dist/index.html', import.meta.url), 'utf8');
    expect(source).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(source).not.toMatch(/\sstyle=/);
  });

  it('has no axe-core violation (WCAG 2.1 AA) in French and in English, restricted state included', async () => {
    const axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core'), 'utf8');
    // axe injects its own script: this page runs without the CSP (the other tests check it).
    const { page, problems } = await newPage({ bypassCSP: true });
    problems.allow403(/\/fhir\/CareTeam\?/);
    const audit = async () => {
      await page.evaluate(axeSource);
      const result = await page.evaluate(() =>
        (
          window as unknown as {
            axe: {
              run(
                context: Document,
                options: object,
              ): Promise<{ violations: { id: string; nodes: { target: unknown }[] }[] }>;
            };
          }
        ).axe.run(document, {
          runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
        }),
      );
      return result.violations.map(
        (v) => `${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`,
      );
    };
    await gotoDemo(page, { user: DEFAULT_GP, patient: PATIENT, lang: 'fr' });
    expect(await audit()).toEqual([]);
    await gotoDemo(page, { user: outsider('10').rpps, patient: PATIENT, lang: 'en' });
    await page.locator('#sidebar [part~="forbidden"]').waitFor();
    expect(await audit()).toEqual([]);

    // Skip link: first tab stop, moves focus to the main area.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('skip-link');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    expect(problems.list).toEqual([]);
  });
});
