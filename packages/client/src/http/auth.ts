/**
 * Returns an access token; asked again with `{ forceRefresh: true }` after a 401, and the request
 * is then sent once more with the new token (see `createLienClient`).
 */
export type AccessTokenGetter = (options?: {
  forceRefresh?: boolean;
}) => Promise<string | undefined> | string | undefined;
