import { createRequire } from 'node:module';

type HeaderSink = {
  setHeader(name: string, value: string): void;
  removeHeader(name: string): void;
};
type HelmetMiddleware = (req: unknown, res: HeaderSink, next: (err?: unknown) => void) => void;

/**
 * The security headers helmet sets with these options, computed once at start-up.
 *
 * `@fastify/helmet` rebuilds helmet's middleware (and re-parses every option, CSP directives
 * included) on every request; with static options the headers never change, so the server computes
 * them once with the very same helmet (the one `@fastify/helmet` depends on) and adds them in one
 * `onRequest` hook.
 * @throws when helmet refuses the options.
 */
export function securityHeaders(options: Record<string, unknown>): Record<string, string> {
  const require = createRequire(import.meta.url);
  const helmet = createRequire(require.resolve('@fastify/helmet'))('helmet') as (
    options: Record<string, unknown>,
  ) => HelmetMiddleware;
  const headers = new Map<string, string>();
  let failure: unknown;
  helmet(options)(
    {},
    {
      setHeader: (name, value) => headers.set(name.toLowerCase(), String(value)),
      removeHeader: (name) => headers.delete(name.toLowerCase()),
    },
    (err) => {
      failure = err;
    },
  );
  if (failure) throw failure instanceof Error ? failure : new Error(String(failure));
  return Object.fromEntries(headers);
}
