import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Caller } from '../auth/identity.js';
import type { Queryable } from '../db/types.js';
import type { BundleEntryText, BundleLink } from '../fhir/bundle.js';
import {
  bundleHead,
  bundleJson,
  bundleTail,
  entryJson,
  etag,
  httpDate,
  publicJson,
} from '../fhir/bundle.js';
import { HttpError } from '../fhir/outcome.js';
import type { CareTeam, CodeableConcept, Parameters, Resource } from '../fhir/types.js';
import type { Operation, ValidatedRequest } from '../http/contract.js';
import type { AccessBasis } from '../service/access.js';
import { accessBasis, accessDenied, withPatientAccess } from '../service/access.js';
import { auditJson, writeAudit } from '../service/audit.js';
import { breakTheGlass, declareActor, updateCareTeam, withdrawActor } from '../service/careteam.js';
import type { ServiceContext } from '../service/context.js';
import type { CachedCareCircle } from '../store/care-circle-cache.js';
import type { CareCircleAccess, CareCircleQuery, StoredResource } from '../store/store.js';
import { PARTICIPANT_TYPES, store, strictRef } from '../store/store.js';
import { capabilityStatement } from './capabilities.js';
import { must } from '../util.js';

/** Media type of every FHIR response. */
export const FHIR_JSON = 'application/fhir+json; charset=utf-8';

/** What a handler receives. */
export interface HandlerInput {
  req: FastifyRequest;
  reply: FastifyReply;
  input: ValidatedRequest;
  /** null only on public operations (`/metadata`). */
  caller: Caller | null;
  /** FHIR base URL of this server (`https://host/fhir`). */
  base: string;
  op: Operation;
  ctx: ServiceContext;
  /** The contract's version and operations; `startedAt`: when this server started (FHIR dateTime). */
  contract: { version: string; operations: Operation[]; startedAt: string };
}

export type Handler = (h: HandlerInput) => Promise<void>;

function sendJson(
  reply: FastifyReply,
  status: number,
  json: string,
  headers: Record<string, string> = {},
) {
  void reply.code(status).headers(headers).type(FHIR_JSON).send(json);
}

function versionHeaders(
  r: StoredResource,
  base: string,
  withLocation = false,
): Record<string, string> {
  const h: Record<string, string> = {
    ETag: etag(r.versionId),
    'Last-Modified': httpDate(r.lastUpdated),
  };
  if (withLocation) h.Location = `${base}/${r.type}/${r.id}/_history/${r.versionId}`;
  return h;
}

function needCaller(caller: Caller | null): Caller {
  if (!caller) throw new Error('Authenticated operation without caller');
  return caller;
}

function patientParam(value: unknown): string | null {
  return typeof value === 'string' ? (value.startsWith('Patient/') ? value.slice(8) : value) : null;
}

function clientAddress(req: FastifyRequest): string {
  return req.ip;
}

/** Paging of a search / history: `_count` (default 20) and `_page` (1-based). */
function paging(query: Record<string, unknown>): { count: number; page: number; offset: number } {
  const count = typeof query._count === 'number' ? query._count : 20;
  const page = typeof query._page === 'number' ? query._page : 1;
  return { count, page, offset: (page - 1) * count };
}

/** Sends one page of a searchset or history Bundle, with its self / next / previous links. */
function sendPage(
  reply: FastifyReply,
  req: FastifyRequest,
  base: string,
  p: { count: number; page: number; offset: number },
  type: 'searchset' | 'history',
  total: number,
  entries: BundleEntryText[],
): void {
  sendJson(reply, 200, bundleJson(type, total, pageLinks(req, base, total, p), entries));
}

/** self / next / previous links, keeping the request's query string but `_page`. */
function pageLinks(
  req: FastifyRequest,
  base: string,
  total: number,
  p: { count: number; page: number; offset: number },
): BundleLink[] {
  const url = new URL(req.url, 'http://x');
  const path = url.pathname.replace(/^\/fhir/, '');
  const params = url.searchParams;
  params.delete('_page');
  const at = (page: number) => {
    const q = new URLSearchParams(params);
    if (page > 1) q.set('_page', String(page));
    const s = q.toString();
    return `${base}${path}${s ? `?${decodeURIComponent(s)}` : ''}`;
  };
  const links: BundleLink[] = [{ relation: 'self', url: at(p.page) }];
  if (p.offset + p.count < total) links.push({ relation: 'next', url: at(p.page + 1) });
  if (p.page > 1) links.push({ relation: 'previous', url: at(p.page - 1) });
  return links;
}

function entry(
  base: string,
  r: Pick<StoredResource, 'type' | 'id' | 'json'>,
  mode?: 'match' | 'include',
): BundleEntryText {
  return { fullUrl: `${base}/${r.type}/${r.id}`, json: publicJson(r), ...(mode ? { mode } : {}) };
}

/** Reads one resource of a type that is not patient data (directory). */
function directoryRead(type: string): Handler {
  return async ({ input, reply, base, ctx }) => {
    const id = must(input.params.id, 'id');
    const r = await store.read(ctx.db, type, id);
    if (!r) throw HttpError.of(404, 'not-found', `${type}/${id} is not known`);
    sendJson(reply, 200, publicJson(r), versionHeaders(r, base));
  };
}

/** Reads one resource that belongs to a patient: access check + audit in one transaction. */
function patientRead(
  type: string,
  send?: (reply: FastifyReply, r: StoredResource, base: string) => void,
): Handler {
  return async ({ input, reply, base, caller, req, ctx }) => {
    const c = needCaller(caller);
    const id = must(input.params.id, 'id');
    const probe = await store.read(ctx.db, type, id);
    if (!probe) throw HttpError.of(404, 'not-found', `${type}/${id} is not known`);
    if (!probe.patientId)
      throw HttpError.of(404, 'not-found', `${type}/${id} is not linked to a patient`);
    const r = await withPatientAccess(
      ctx,
      c,
      probe.patientId,
      {
        interaction: 'read',
        action: 'R',
        entities: [`${type}/${id}`],
        address: clientAddress(req),
      },
      async (tx) => must(await store.read(tx, type, id), `${type}/${id}`),
      undefined,
      true,
    );
    if (send) send(reply, r, base);
    else sendJson(reply, 200, publicJson(r), versionHeaders(r, base));
  };
}

/**
 * Includes of a page of CareTeams (`_include`, `_include:iterate`). References are parsed strictly
 * (`Type/id` of an allowed participant type, see {@link strictRef}) and a resource that belongs to a
 * patient is included only when it belongs to the patient of the CareTeam that points at it.
 */
async function careTeamIncludes(
  q: Queryable,
  teams: StoredResource[],
  include: string[],
  iterate: string[],
): Promise<StoredResource[]> {
  /** `Type/id` → the reference and the patients of the CareTeams that point at it. */
  const refs = new Map<string, { type: string; id: string; patients: Set<string | null> }>();
  const add = (reference: string | undefined, types: readonly string[], patient: string | null) => {
    const ref = strictRef(reference);
    if (!ref || !types.includes(ref.type)) return;
    const key = `${ref.type}/${ref.id}`;
    const known = refs.get(key) ?? { ...ref, patients: new Set<string | null>() };
    known.patients.add(patient);
    refs.set(key, known);
  };
  for (const t of teams) {
    const ct = JSON.parse(t.json) as CareTeam;
    if (include.includes('CareTeam:participant')) {
      for (const p of ct.participant ?? [])
        add(p.member?.reference, PARTICIPANT_TYPES, t.patientId);
    }
    if (include.includes('CareTeam:subject')) add(ct.subject?.reference, ['Patient'], t.patientId);
  }
  const samePatient = (r: StoredResource) =>
    r.patientId === null || !!refs.get(`${r.type}/${r.id}`)?.patients.has(r.patientId);
  const first = (await store.readRefs(q, [...refs.values()])).filter(samePatient);
  if (iterate.length === 0) return first;
  const seen = new Set(first.map((r) => `${r.type}/${r.id}`));
  const more = new Map<string, { type: string; id: string }>();
  for (const r of first) {
    if (r.type !== 'PractitionerRole') continue;
    const role = JSON.parse(r.json) as {
      practitioner?: { reference?: string };
      organization?: { reference?: string };
    };
    const push = (reference: string | undefined, type: string) => {
      const ref = strictRef(reference);
      if (ref?.type === type && !seen.has(`${type}/${ref.id}`))
        more.set(`${type}/${ref.id}`, { type, id: ref.id });
    };
    if (iterate.includes('PractitionerRole:practitioner'))
      push(role.practitioner?.reference, 'Practitioner');
    if (iterate.includes('PractitionerRole:organization'))
      push(role.organization?.reference, 'Organization');
  }
  // Directory resources only (a Practitioner or an Organization belongs to no patient).
  const second = (await store.readRefs(q, [...more.values()])).filter((r) => r.patientId === null);
  return [...first, ...second];
}

const searchCareTeam: Handler = async ({ input, reply, base, caller, req, ctx }) => {
  const c = needCaller(caller);
  const q = input.query;
  const patient = patientParam(q.patient);
  const subject = patientParam(q.subject);
  const status = typeof q.status === 'string' ? q.status : undefined;
  const include = (q._include as string[] | undefined) ?? [];
  const iterate = (q['_include:iterate'] as string[] | undefined) ?? [];
  const p = paging(q);
  const address = clientAddress(req);

  const empty = () => {
    sendPage(reply, req, base, p, 'searchset', 0, []);
  };
  if (patient && subject && patient !== subject) return empty();
  const patientId = patient ?? subject;

  if (patientId) {
    const now = ctx.now();
    const query: CareCircleQuery = {
      patientId,
      roleId: c.practitionerRoleId,
      now: now.toISOString(),
      status,
      count: p.count,
      offset: p.offset,
      participant: include.includes('CareTeam:participant'),
      subject: include.includes('CareTeam:subject'),
      practitioner: iterate.includes('PractitionerRole:practitioner'),
      organization: iterate.includes('PractitionerRole:organization'),
    };
    // The last answer to the same query, if any: one read-only statement checks access and whether
    // it still holds (same versions of everything it was made of); else one reads it afresh.
    const cacheKey = `${patientId}\n${status ?? ''}\n${p.count}\n${p.offset}\n${+query.participant}${+query.subject}${+query.practitioner}${+query.organization}`;
    const cached = ctx.careCircles.get(cacheKey);
    const check = cached ? await store.careCircleCheck(ctx.db, query, cached.dependencies) : null;
    let access: CareCircleAccess;
    let total = 0;
    let answer: CachedCareCircle | null = null;
    if (check && (check.hit || check.access === 'denied' || check.access === 'missing')) {
      ({ access, total } = check);
      if (check.hit) {
        ctx.careCircles.hits++;
        answer = cached ?? null;
      }
    } else {
      const read = await store.careTeamsWithIncludes(ctx.db, query);
      ({ access, total } = read);
      if (access === 'member' || access === 'break-glass') {
        ctx.careCircles.misses++;
        answer = ctx.careCircles.set(cacheKey, read.matches, read.included, read.refs);
      }
    }
    if (access === 'missing') return empty();
    // Every access, granted or refused, is audited — and committed — before the answer leaves.
    const auditId = randomUUID();
    await ctx.audits.write({
      id: auditId,
      patientId,
      recorded: query.now,
      json: auditJson(
        {
          caller: c,
          patientId,
          interaction: 'search-type',
          action: 'R',
          entities: [`CareTeam?patient=Patient/${patientId}`],
          address,
          now,
          outcome: answer ? '0' : '4',
          purpose: access === 'break-glass' ? 'BTG' : 'TREAT',
        },
        auditId,
      ),
    });
    if (!answer) throw accessDenied(c, patientId);
    // The same request (base, URL, total) gets the same bytes: kept with the answer.
    const bodyKey = `${base}\n${req.url}\n${total}`;
    let body = answer.bodies?.get(bodyKey);
    if (!body) {
      if (answer.rendered?.base !== base) {
        const entries = [
          ...answer.matches.map((t) => entryJson(entry(base, t, 'match'))),
          ...answer.included.map((r) => entryJson(entry(base, r, 'include'))),
        ];
        answer.rendered = { base, tail: Buffer.from(bundleTail(entries.join(','))) };
      }
      const head = bundleHead('searchset', total, pageLinks(req, base, total, p));
      body = Buffer.concat([Buffer.from(head), answer.rendered.tail]);
      answer.bodies ??= new Map();
      if (answer.bodies.size >= 4) answer.bodies.clear();
      answer.bodies.set(bodyKey, body);
    }
    void reply.code(200).type(FHIR_JSON).send(body);
    return;
  }

  // No patient: the care circles the caller may see (active participant or emergency access).
  const now = ctx.now();
  const result = await ctx.db.transaction(async (tx) => {
    const where = status ? `AND h.status = $3` : '';
    const params: unknown[] = [c.practitionerRoleId, now.toISOString()];
    if (status) params.push(status);
    const visible = `h.type = 'CareTeam' AND h.patient_id IN (
        SELECT patient_id FROM care_team_participation
         WHERE member_type = 'PractitionerRole' AND member_id = $1 AND period_end IS NULL
        UNION SELECT patient_id FROM break_glass_grant WHERE practitioner_role_id = $1 AND expires > $2::timestamptz)
      ${where}`;
    const total = await tx.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM resource_head h WHERE ${visible}`,
      params,
    );
    const ids = await tx.query<{ id: string }>(
      `SELECT h.id FROM resource_head h WHERE ${visible} ORDER BY h.last_updated DESC, h.id
        LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, p.count, p.offset],
    );
    const teams = await store.readMany(
      tx,
      'CareTeam',
      ids.rows.map((r) => r.id),
    );
    const included = await careTeamIncludes(tx, teams, include, iterate);
    for (const t of teams) {
      const basis: AccessBasis | null = (
        await accessBasis(tx, c, must(t.patientId, 'patient'), now)
      ).basis;
      await writeAudit(tx, {
        caller: c,
        patientId: t.patientId,
        interaction: 'search-type',
        action: 'R',
        outcome: '0',
        purpose: basis === 'break-glass' ? 'BTG' : 'TREAT',
        entities: [`CareTeam/${t.id}`],
        address,
        now,
      });
    }
    return { teams, included, total: total.rows[0]?.n ?? 0 };
  });
  const entries = [
    ...result.teams.map((t) => entry(base, t, 'match')),
    ...result.included.map((r) => entry(base, r, 'include')),
  ];
  sendPage(reply, req, base, p, 'searchset', result.total, entries);
};

const readCareTeamHistory: Handler = async ({ input, reply, base, caller, req, ctx }) => {
  const c = needCaller(caller);
  const id = must(input.params.id, 'id');
  const probe = await store.read(ctx.db, 'CareTeam', id);
  if (!probe?.patientId) throw HttpError.of(404, 'not-found', `CareTeam/${id} is not known`);
  const p = paging(input.query);
  const h = await withPatientAccess(
    ctx,
    c,
    probe.patientId,
    {
      interaction: 'history-instance',
      action: 'R',
      entities: [`CareTeam/${id}`],
      address: clientAddress(req),
    },
    (tx) => store.history(tx, 'CareTeam', id, p.count, p.offset),
    undefined,
    true,
  );
  const entries: BundleEntryText[] = h.versions.map((v) => ({
    fullUrl: `${base}/CareTeam/${id}`,
    json: v.json,
    request: v.request ?? {
      method: v.versionId === 1 ? 'POST' : 'PUT',
      url: v.versionId === 1 ? 'CareTeam' : `CareTeam/${id}`,
    },
    response: {
      status: v.versionId === 1 && v.request?.method !== 'POST' ? '201' : '200',
      etag: etag(v.versionId),
      lastModified: v.lastUpdated,
    },
  }));
  sendPage(reply, req, base, p, 'history', h.total, entries);
};

const readCareTeamVersion: Handler = async ({ input, reply, base, caller, req, ctx }) => {
  const c = needCaller(caller);
  const id = must(input.params.id, 'id');
  const vid = Number(input.params.vid);
  const probe = await store.read(ctx.db, 'CareTeam', id);
  if (!probe?.patientId) throw HttpError.of(404, 'not-found', `CareTeam/${id} is not known`);
  const v = await withPatientAccess(
    ctx,
    c,
    probe.patientId,
    {
      interaction: 'vread',
      action: 'R',
      entities: [`CareTeam/${id}/_history/${input.params.vid}`],
      address: clientAddress(req),
    },
    (tx) => (Number.isInteger(vid) ? store.vread(tx, 'CareTeam', id, vid) : Promise.resolve(null)),
    undefined,
    true,
  );
  if (!v)
    throw HttpError.of(
      404,
      'not-found',
      `CareTeam/${id}/_history/${input.params.vid} is not known`,
    );
  sendJson(reply, 200, v.json, versionHeaders(v, base));
};

const searchPatient: Handler = async ({ input, reply, base, caller, req, ctx }) => {
  const c = needCaller(caller);
  const [system, value] = String(input.query.identifier).split('|') as [string, string];
  const p = paging(input.query);
  const now = ctx.now();
  const found = await ctx.db.transaction(async (tx) => {
    const ids = await store.findByToken(tx, 'Patient', 'identifier', value, system);
    const page = await store.readMany(tx, 'Patient', ids.slice(p.offset, p.offset + p.count));
    // IHE BALP PatientQuery: one AuditEvent per patient found (or one without patient).
    for (const pid of page.length ? page.map((r) => r.id) : [null]) {
      await writeAudit(tx, {
        caller: c,
        patientId: pid,
        interaction: 'search-type',
        action: 'R',
        outcome: '0',
        purpose: 'TREAT',
        address: clientAddress(req),
        now,
      });
    }
    return { total: ids.length, page };
  });
  sendPage(
    reply,
    req,
    base,
    p,
    'searchset',
    found.total,
    found.page.map((r) => entry(base, r, 'match')),
  );
};

const readPatient: Handler = async ({ input, reply, base, caller, req, ctx }) => {
  const c = needCaller(caller);
  const id = must(input.params.id, 'id');
  const now = ctx.now();
  const r = await ctx.db.transaction(async (tx) => {
    const found = await store.read(tx, 'Patient', id);
    if (found) {
      await writeAudit(tx, {
        caller: c,
        patientId: id,
        interaction: 'read',
        action: 'R',
        outcome: '0',
        purpose: 'TREAT',
        address: clientAddress(req),
        now,
      });
    }
    return found;
  });
  if (!r) throw HttpError.of(404, 'not-found', `Patient/${id} is not known`);
  sendJson(reply, 200, r.json, versionHeaders(r, base));
};

function parameter(body: unknown, name: string): Record<string, unknown> | undefined {
  return (body as Parameters | undefined)?.parameter?.find((p) => p.name === name);
}

const declareActorHandler: Handler = async ({ input, reply, base, caller, req, ctx }) => {
  const role = parameter(input.body, 'role')?.valueCodeableConcept as CodeableConcept | undefined;
  const r = await declareActor(
    ctx,
    needCaller(caller),
    must(input.params.id, 'id'),
    role,
    clientAddress(req),
  );
  sendJson(reply, 200, r.careTeam.json, versionHeaders(r.careTeam, base, true));
};

const withdrawActorHandler: Handler = async ({ input, reply, base, caller, req, ctx }) => {
  const r = await withdrawActor(
    ctx,
    needCaller(caller),
    must(input.params.id, 'id'),
    clientAddress(req),
  );
  sendJson(reply, 200, r.careTeam.json, versionHeaders(r.careTeam, base, true));
};

const breakTheGlassHandler: Handler = async ({ input, reply, caller, req, ctx }) => {
  const reason = String(parameter(input.body, 'reason')?.valueString ?? '');
  const expires = await breakTheGlass(
    ctx,
    needCaller(caller),
    must(input.params.id, 'id'),
    reason,
    clientAddress(req),
  );
  const out: Parameters = {
    resourceType: 'Parameters',
    parameter: [{ name: 'expires', valueInstant: expires.toISOString() }],
  };
  sendJson(reply, 200, JSON.stringify(out));
};

const updateCareTeamHandler: Handler = async ({ input, reply, base, caller, req, ctx }) => {
  const ifMatch = req.headers['if-match'];
  const r = await updateCareTeam(
    ctx,
    needCaller(caller),
    must(input.params.id, 'id'),
    input.body as CareTeam,
    Array.isArray(ifMatch) ? ifMatch[0] : ifMatch,
    clientAddress(req),
  );
  sendJson(reply, 200, r.careTeam.json, versionHeaders(r.careTeam, base, true));
};

/** FHIR date search value → [start, end) in ms, UTC. */
function dateRange(value: string): { prefix: string; start: number; end: number } {
  const m = /^(eq|ne|ge|le|gt|lt)?(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$/.exec(value);
  if (!m) throw HttpError.of(400, 'invalid', `Bad date "${value}"`, 'query.date');
  const [, prefix = 'eq', y, mo, d] = m;
  const year = Number(y);
  const month = mo ? Number(mo) - 1 : 0;
  const day = d ? Number(d) : 1;
  const start = Date.UTC(year, month, day);
  const end = d
    ? Date.UTC(year, month, day + 1)
    : mo
      ? Date.UTC(year, month + 1, 1)
      : Date.UTC(year + 1, 0, 1);
  return { prefix, start, end };
}

const searchDocumentReference: Handler = async ({ input, reply, base, caller, req, ctx }) => {
  const c = needCaller(caller);
  const q = input.query;
  const patientId = must(patientParam(q.patient), 'patient');
  const p = paging(q);
  const types =
    typeof q.type === 'string'
      ? q.type.split(',').map((t) => {
          const [system, code] = t.split('|') as [string, string];
          return { system, code };
        })
      : [];
  const dates = ((q.date as string[] | undefined) ?? []).map(dateRange);
  const result = await withPatientAccess(
    ctx,
    c,
    patientId,
    (r: { page: StoredResource[] } | undefined) => ({
      interaction: 'search-type',
      action: 'R',
      // Refused: the search asked for.
      entities: r
        ? r.page.map((d) => `DocumentReference/${d.id}`)
        : [`DocumentReference?patient=Patient/${patientId}`],
      address: clientAddress(req),
    }),
    async (tx) => {
      const where = [`h.type = 'DocumentReference'`, 'h.patient_id = $1'];
      const values: unknown[] = [patientId];
      const push = (v: unknown) => {
        values.push(v);
        return `$${values.length}`;
      };
      if (types.length) {
        const ors = types.map(
          (t) =>
            `(t.value = ${push(t.code)}${t.system ? ` AND t.system = ${push(t.system)}` : ` AND t.system = ''`})`,
        );
        where.push(
          `EXISTS (SELECT 1 FROM resource_token t WHERE t.type = h.type AND t.id = h.id AND t.param = 'type' AND (${ors.join(' OR ')}))`,
        );
      }
      for (const d of dates) {
        const s = new Date(d.start).toISOString();
        const e = new Date(d.end).toISOString();
        switch (d.prefix) {
          case 'eq':
            where.push(
              `h.sort_date >= ${push(s)}::timestamptz AND h.sort_date < ${push(e)}::timestamptz`,
            );
            break;
          case 'ne':
            where.push(
              `(h.sort_date < ${push(s)}::timestamptz OR h.sort_date >= ${push(e)}::timestamptz)`,
            );
            break;
          case 'ge':
            where.push(`h.sort_date >= ${push(s)}::timestamptz`);
            break;
          case 'gt':
            where.push(`h.sort_date >= ${push(e)}::timestamptz`);
            break;
          case 'le':
            where.push(`h.sort_date < ${push(e)}::timestamptz`);
            break;
          case 'lt':
            where.push(`h.sort_date < ${push(s)}::timestamptz`);
            break;
        }
      }
      const order =
        q._sort === 'date'
          ? 'h.sort_date ASC NULLS FIRST, h.id'
          : 'h.sort_date DESC NULLS LAST, h.id';
      const filter = where.join(' AND ');
      const total = await tx.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM resource_head h WHERE ${filter}`,
        values,
      );
      const ids = await tx.query<{ id: string }>(
        `SELECT h.id FROM resource_head h WHERE ${filter} ORDER BY ${order} LIMIT ${push(p.count)} OFFSET ${push(p.offset)}`,
        values,
      );
      const byId = new Map(
        (
          await store.readMany(
            tx,
            'DocumentReference',
            ids.rows.map((r) => r.id),
          )
        ).map((r) => [r.id, r]),
      );
      return {
        total: total.rows[0]?.n ?? 0,
        page: ids.rows.flatMap((r) => byId.get(r.id) ?? []),
      };
    },
    () => ({ total: 0, page: [] }),
  );
  sendPage(
    reply,
    req,
    base,
    p,
    'searchset',
    result.total,
    result.page.map((r) => entry(base, r, 'match')),
  );
};

const searchAuditEvent: Handler = async ({ input, reply, base, caller, req, ctx }) => {
  const c = needCaller(caller);
  const patientId = must(patientParam(input.query.patient), 'patient');
  const p = paging(input.query);
  const result = await withPatientAccess(
    ctx,
    c,
    patientId,
    {
      interaction: 'search-type',
      action: 'R',
      entities: [`AuditEvent?patient=Patient/${patientId}`],
      address: clientAddress(req),
    },
    (tx) =>
      store.searchByPatient(tx, {
        type: 'AuditEvent',
        patientId,
        count: p.count,
        offset: p.offset,
      }),
    () => ({ total: 0, page: [] }),
  );
  sendPage(
    reply,
    req,
    base,
    p,
    'searchset',
    result.total,
    result.page.map((r) => entry(base, r, 'match')),
  );
};

const readBinary = patientRead('Binary', (reply, r) => {
  const bin = JSON.parse(r.json) as Resource & { contentType?: string; data?: string };
  void reply
    .code(200)
    .headers({
      ETag: etag(r.versionId),
      'Last-Modified': httpDate(r.lastUpdated),
      // Never rendered by a browser as a page of this origin (CDA XML, PDF): a download.
      'Content-Disposition': 'attachment',
    })
    .type(bin.contentType ?? 'application/octet-stream')
    .send(Buffer.from(bin.data ?? '', 'base64'));
});

const readCapabilities: Handler = async ({ reply, base, contract }) => {
  sendJson(
    reply,
    200,
    JSON.stringify(
      capabilityStatement(base, contract.version, contract.operations, contract.startedAt),
    ),
  );
};

/** Handlers of the contract's operations, by operationId. */
export function fhirHandlers(): Record<string, Handler> {
  return {
    readCapabilities,
    searchPatient,
    readPatient,
    declareActor: declareActorHandler,
    withdrawActor: withdrawActorHandler,
    breakTheGlass: breakTheGlassHandler,
    searchCareTeam,
    readCareTeam: patientRead('CareTeam'),
    updateCareTeam: updateCareTeamHandler,
    readCareTeamHistory,
    readCareTeamVersion,
    readPractitioner: directoryRead('Practitioner'),
    readPractitionerRole: directoryRead('PractitionerRole'),
    readOrganization: directoryRead('Organization'),
    readRelatedPerson: patientRead('RelatedPerson'),
    searchDocumentReference,
    readDocumentReference: patientRead('DocumentReference'),
    readBinary,
    readBundle: patientRead('Bundle'),
    searchAuditEvent,
  };
}
