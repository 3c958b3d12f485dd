import { SYSTEMS } from './codes.js';
import type { IncludedResource } from '../store/store.js';

/** An entry of a Bundle under construction: the resource JSON is kept as text. */
export interface BundleEntryText {
  fullUrl: string;
  json: string;
  mode?: 'match' | 'include';
  request?: { method: string; url: string };
  response?: { status: string; etag: string; lastModified: string };
}

/** `self` / `next` / `previous` links. */
export interface BundleLink {
  relation: string;
  url: string;
}

/** One Bundle entry as JSON: the stored resource text is spliced in, never parsed. */
export function entryJson(e: BundleEntryText): string {
  let s = `{"fullUrl":${JSON.stringify(e.fullUrl)},"resource":${e.json}`;
  if (e.mode) s += `,"search":{"mode":"${e.mode}"}`;
  if (e.request) s += `,"request":${JSON.stringify(e.request)}`;
  if (e.response) s += `,"response":${JSON.stringify(e.response)}`;
  return s + '}';
}

/**
 * Serialises a searchset or history Bundle by concatenating the stored JSON texts: the resources are
 * never parsed or re-serialised on the hot path.
 */
export function bundleJson(
  type: 'searchset' | 'history',
  total: number,
  links: BundleLink[],
  entries: BundleEntryText[],
): string {
  return bundleHead(type, total, links) + bundleTail(entries.map(entryJson).join(','));
}

/** The start of a Bundle, up to its links (see {@link bundleTail}). */
export function bundleHead(
  type: 'searchset' | 'history',
  total: number,
  links: BundleLink[],
): string {
  return `{"resourceType":"Bundle","type":"${type}","total":${total},"link":${JSON.stringify(links)}`;
}

/** The end of a Bundle: its entries (the {@link entryJson} texts joined with commas). */
export function bundleTail(joinedEntries: string): string {
  return (joinedEntries ? `,"entry":[${joinedEntries}]` : '') + '}';
}

/** Weak ETag of a version: `W/"3"`. */
export function etag(versionId: number | string): string {
  return `W/"${versionId}"`;
}

/** HTTP-date of an ISO instant. */
export function httpDate(iso: string): string {
  return new Date(iso).toUTCString();
}

/** Does this ContactPoint carry the Annuaire Santé liste-rouge flag? */
function isListeRouge(cp: unknown): boolean {
  const ext = (cp as { extension?: Array<Record<string, unknown>> }).extension;
  return !!ext?.some(
    (e) =>
      e.url === SYSTEMS.mailboxMetadataExtension &&
      Array.isArray(e.extension) &&
      (e.extension as Array<Record<string, unknown>>).some(
        (s) => s.url === 'listeRouge' && s.valueBoolean === true,
      ),
  );
}

/**
 * The JSON to send for a stored resource: liste-rouge (ex-directory) MSSanté addresses are removed
 * from `telecom`. Resources without the flag are sent as stored (no parse).
 */
export function publicJson(r: Pick<IncludedResource, 'json'>): string {
  if (!r.json.includes(SYSTEMS.mailboxMetadataExtension)) return r.json;
  const res = JSON.parse(r.json) as { telecom?: unknown[] };
  if (Array.isArray(res.telecom)) {
    res.telecom = res.telecom.filter((cp) => !isListeRouge(cp));
    if (res.telecom.length === 0) delete res.telecom;
  }
  return JSON.stringify(res);
}
