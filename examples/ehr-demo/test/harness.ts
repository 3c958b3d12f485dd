/**
 * End-to-end harness: the real Lien server in-process (in-memory PGlite, dev auth, demo seed)
 * serving the built page, and Debian's Chromium through playwright-core. Every page records
 * console errors, uncaught exceptions, failed requests and CSP violations.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { CareCircle, LienClient } from '@lien/client';
import { createLienClient } from '@lien/client';
import type * as LienServer from '@lien/server';
import type { RunningServer } from '@lien/server';
import type {
  Browser,
  BrowserContextOptions,
  ConsoleMessage,
  Locator,
  Page,
} from 'playwright-core';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { DevUser } from '../src/dev-api.js';

export const DIST = fileURLToPath(new URL('../dist', import.meta.url));
export const RESULTS = fileURLToPath(new URL('../test-results', import.meta.url));

interface ChromiumModule {
  ensureChromium(): string;
  CHROMIUM_ARGS: string[];
}

type LienServerModule = typeof LienServer;

/** The built page must exist: the root `pnpm test` builds first; alone, run the build. */
export function assertBuilt(): void {
  for (const file of ['index.html', 'main.js', 'styles.css']) {
    if (!existsSync(`${DIST}/${file}`)) {
      throw new Error(
        `examples/ehr-demo/dist/${file} is missing: build the page first with ` +
          '`pnpm --filter @lien/ehr-demo build` (or `pnpm build` at the root).',
      );
    }
  }
}

/**
 * Starts the reference server on a free port, serving dist/ at `/` (or `staticDir`: the framework
 * examples import this harness for their own page), with the demo seed as `pnpm start` loads it
 * (letters included; the ANS examples when ../shared/fixtures is there).
 */
export async function startDemoServer(
  options: { staticDir?: string } = {},
): Promise<RunningServer> {
  let server: LienServerModule;
  try {
    server = await import('@lien/server');
  } catch (error) {
    throw new Error(
      '@lien/server cannot be loaded (is it built? `pnpm --filter @lien/server build`): ' +
        String(error),
    );
  }
  return server.startServer({
    port: 0,
    host: '127.0.0.1',
    dataDir: 'memory://',
    devAuth: true,
    seed: 'demo',
    staticDir: options.staticDir ?? DIST,
    logger: false,
  });
}

export async function launchChromium(): Promise<Browser> {
  // scripts/chromium.mjs is plain JavaScript shared by the workspace (finds or installs Chromium).
  const url = new URL('../../../scripts/chromium.mjs', import.meta.url).href;
  const { ensureChromium, CHROMIUM_ARGS } = (await import(url)) as ChromiumModule;
  return chromium.launch({ executablePath: ensureChromium(), args: CHROMIUM_ARGS });
}

export interface Problems {
  /** Everything unexpected seen so far, one line each. */
  readonly list: string[];
  /** Accept `Failed to load resource: 403` for requests whose URL matches (access refusals). */
  allow403(pattern: RegExp): void;
  /** Resolves once the page has had time to report pending CSP violations. */
  settle(page: Page): Promise<void>;
}

/** Opens a page that records problems; CSP violations are reported through a binding. */
export async function openPage(
  browser: Browser,
  options: BrowserContextOptions = {},
): Promise<{ page: Page; problems: Problems; close(): Promise<void> }> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, ...options });
  const page = await context.newPage();
  const list: string[] = [];
  const allowed: RegExp[] = [];
  const allowedResponse = (url: string, status: number) =>
    status === 403 && allowed.some((pattern) => pattern.test(url));

  page.on('console', (message: ConsoleMessage) => {
    if (message.type() !== 'error') return;
    const where = message.location().url;
    if (/status of 403/.test(message.text()) && allowed.some((p) => p.test(where))) return;
    list.push(`console error: ${message.text()} (${where})`);
  });
  page.on('pageerror', (error) => list.push(`uncaught: ${error.message}`));
  page.on('requestfailed', (request) => {
    const reason = request.failure()?.errorText ?? '';
    // Navigations away from a page abort its pending requests: not a problem.
    if (/ERR_ABORTED/.test(reason)) return;
    list.push(`request failed: ${request.method()} ${request.url()} ${reason}`);
  });
  page.on('response', (response) => {
    const status = response.status();
    if (status >= 400 && !allowedResponse(response.url(), status)) {
      list.push(`HTTP ${status}: ${response.request().method()} ${response.url()}`);
    }
  });
  await page.exposeBinding('__lienCspViolation', (_source, text: string) => {
    list.push(`CSP violation: ${text}`);
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { __lienCspViolation(text: string): void })
        .__lienCspViolation;
      report(
        `${event.effectiveDirective} blocked ${event.blockedURI || '(inline)'} ` +
          `at ${event.sourceFile}:${event.lineNumber} ${event.sample}`,
      );
    });
  });

  return {
    page,
    problems: {
      list,
      allow403: (pattern) => allowed.push(pattern),
      settle: async (p) => {
        // Violation events are dispatched asynchronously: give them a frame or two.
        await p.evaluate(
          () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50))),
        );
      },
    },
    close: () => context.close(),
  };
}

/**
 * axe-core's WCAG 2.1 A and AA violations on the page, one line each (rule: targets). axe is an
 * injected script: open the page with `bypassCSP: true` (other tests check the CSP).
 */
export async function axeViolations(page: Page): Promise<string[]> {
  const source = await readFile(createRequire(import.meta.url).resolve('axe-core'), 'utf8');
  await page.evaluate(source);
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
}

/** Whitespace-normalised text of a locator. */
export async function textOf(locator: Locator): Promise<string> {
  return ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

/** Family name as the elements print it (the seed's names are "Dr Given FAMILY"). */
export const familyOf = (user: DevUser): string => user.name.split(' ').at(-1) ?? user.name;

/** A seeded professional of the given profession who is not an active member of the circle. */
export function outsider(
  users: readonly DevUser[],
  circle: CareCircle,
  profession: string,
  except: readonly string[] = [],
): DevUser {
  const members = new Set(circle.members.filter((m) => m.active).map((m) => m.rpps));
  const found = users.find(
    (u) => u.profession.code === profession && !members.has(u.rpps) && !except.includes(u.rpps),
  );
  if (!found) throw new Error(`the seed has no outsider of profession ${profession}`);
  return found;
}

/** What a page's end-to-end suite works with; see {@link demoSession}. */
export interface DemoSession {
  /** The running server (valid once the suite's `beforeAll` hooks have run). */
  readonly server: RunningServer;
  /** The seeded professionals (`GET /dev/users`). */
  readonly users: DevUser[];
  /** Opens a page that records problems; every page is closed after the suite. */
  newPage(options?: BrowserContextOptions): Promise<{ page: Page; problems: Problems }>;
  /** Opens the served page with these query parameters, and waits until it has settled. */
  goto(page: Page, query?: Record<string, string>): Promise<void>;
  /** The real client, signed in (dev sign-in) as the seeded professional with this RPPS. */
  clientAs(rpps: string): Promise<LienClient>;
}

/**
 * Registers, where it is called (a test file or a `describe`), a `beforeAll` that starts the
 * server (serving `staticDir`, by default the demo's dist/) and Chromium and reads the seeded
 * users, and an `afterAll` that closes every page opened, the browser and the server. `settled`
 * says when a page just opened is ready (the elements done loading).
 */
export function demoSession(options: {
  staticDir?: string;
  settled(page: Page): Promise<void>;
  /** Throws when the page cannot be served (not built), before anything starts. */
  assertBuilt?(): void;
}): DemoSession {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let users: DevUser[] = [];
  const open: { close(): Promise<void> }[] = [];
  const started = () => {
    if (!server || !browser) throw new Error('the demo session has not started (beforeAll)');
    return { server, browser };
  };

  beforeAll(async () => {
    options.assertBuilt?.();
    [server, browser] = await Promise.all([
      startDemoServer(options.staticDir ? { staticDir: options.staticDir } : {}),
      launchChromium(),
    ]);
    users = (await (await fetch(`${server.url}/dev/users`)).json()) as DevUser[];
  });

  afterAll(async () => {
    await Promise.all(open.map((o) => o.close().catch(() => undefined)));
    await browser?.close();
    await server?.close();
  });

  return {
    get server() {
      return started().server;
    },
    get users() {
      return users;
    },
    async newPage(contextOptions = {}) {
      const opened = await openPage(started().browser, contextOptions);
      open.push(opened);
      return opened;
    },
    async goto(page, query = {}) {
      const search = new URLSearchParams(query).toString();
      await page.goto(`${started().server.url}/${search ? `?${search}` : ''}`);
      await options.settled(page);
    },
    async clientAs(rpps) {
      const response = await fetch(`${started().server.url}/dev/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ rpps }),
      });
      const { access_token: token } = (await response.json()) as { access_token: string };
      return createLienClient({
        baseUrl: `${started().server.url}/fhir`,
        getAccessToken: () => token,
      });
    },
  };
}

/** A Content-Security-Policy (header or `<meta>` content) as `{ directive: 'values' }`. */
export function cspDirectives(policy: string | null | undefined): Record<string, string> {
  return Object.fromEntries(
    (policy ?? '')
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name, ...values]) => [name, values.join(' ')]),
  );
}

/**
 * Tries, in the page, what a strict CSP with Trusted Types must refuse: a string written to
 * `innerHTML`, and creating a Trusted Types policy named `policyName`.
 */
export async function trustedTypesProbes(
  page: Page,
  policyName: string,
): Promise<{ innerHTML: 'allowed' | 'refused'; policy: 'allowed' | 'refused' }> {
  return page.evaluate((name) => {
    const attempt = (action: () => void) => {
      try {
        action();
        return 'allowed' as const;
      } catch {
        return 'refused' as const;
      }
    };
    return {
      innerHTML: attempt(() => {
        document.createElement('div').innerHTML = '<b>x</b>';
      }),
      policy: attempt(() => {
        const factory = (
          window as unknown as {
            trustedTypes: { createPolicy(name: string, rules: object): unknown };
          }
        ).trustedTypes;
        factory.createPolicy(name, { createHTML: (s: string) => s });
      }),
    };
  }, policyName);
}
