import type { Middleware } from 'openapi-fetch';
import type { FetchLike } from './resilient-fetch.js';

/** Returns an access token; asked again with `forceRefresh` after a 401. */
export type AccessTokenGetter = (options?: {
  forceRefresh?: boolean;
}) => Promise<string | undefined> | string | undefined;

/**
 * Middleware that adds `Authorization: Bearer …` from the async token getter and, on a 401, asks
 * the getter once more with `{ forceRefresh: true }` and sends the request again, once.
 */
export function authMiddleware(getAccessToken: AccessTokenGetter, send: FetchLike): Middleware {
  const pending = new Map<string, Request>();
  return {
    async onRequest({ request, id }) {
      const token = await getAccessToken();
      if (token) request.headers.set('Authorization', `Bearer ${token}`);
      pending.set(id, request.clone());
      return request;
    },
    async onResponse({ response, id }) {
      const original = pending.get(id);
      pending.delete(id);
      if (response.status !== 401 || !original) return undefined;
      const token = await getAccessToken({ forceRefresh: true });
      if (!token) return undefined;
      await response.body?.cancel().catch(() => undefined);
      const retry = new Request(original);
      retry.headers.set('Authorization', `Bearer ${token}`);
      return send(retry);
    },
    onError({ id }) {
      pending.delete(id);
    },
  };
}
