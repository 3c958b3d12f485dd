/**
 * End-to-end harness: the real Lien server in-process (in-memory PGlite, dev auth, demo seed)
 * serving the built page, and Debian's Chromium through playwright-core. Every page records
 * console errors, uncaught exceptions, failed requests and CSP violations.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContextOptions, ConsoleMessage, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import type * as LienServer from '@lien/server';
import type { RunningServer } from '@lien/server';

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
