/**
 * Discharge letters: listing (DocumentReference search) and fetching their content (Binary or
 * Bundle). Loaded on demand by the client.
 */
import type { CallOptions } from './api.js';
import type { LetterContent, LetterSummary } from './model.js';
import type { DocumentReference } from './fhir/resources.js';
import type { Kit } from './raw.js';
import type { Result } from './http/unwrap.js';

export function parseTypedRef({ LienError }: Kit, ref: string, type: string): string {
  const match = new RegExp(`^(?:${type}/)?([A-Za-z0-9\\-.]{1,64})$`).exec(ref.trim());
  if (!match?.[1]) throw new LienError(`"${ref}" is not a ${type} reference.`, { code: 'invalid' });
  return match[1];
}

function formatOf(
  contentType: string | undefined,
  url: string | undefined,
): LetterSummary['format'] {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  if (type === 'application/pdf') return 'pdf';
  if (type === 'application/fhir+json' || url?.startsWith('Bundle/')) return 'fhir';
  if (type === 'application/xml' || type === 'text/xml' || type === 'application/hl7-v3+xml')
    return 'cda';
  return 'unknown';
}

/** Maps a DocumentReference to the letter-list view model. */
export function letterSummaryOf(
  { labelCoding, loinc }: Kit,
  doc: DocumentReference,
): LetterSummary {
  const attachment = doc.content?.[0]?.attachment;
  const type = labelCoding(
    doc.type?.coding?.find((c) => c.system === loinc) ?? doc.type?.coding?.[0],
  );
  const facility = doc.custodian?.display;
  const author = doc.author?.[0]?.display;
  const title = attachment?.title ?? doc.description;
  const period = doc.context?.period;
  return {
    reference: `DocumentReference/${doc.id ?? ''}`,
    ...(type ? { type } : {}),
    ...(doc.date ? { date: doc.date } : {}),
    ...(period
      ? {
          period: {
            ...(period.start ? { start: period.start } : {}),
            ...(period.end ? { end: period.end } : {}),
          },
        }
      : {}),
    ...(facility ? { facility } : {}),
    ...(author ? { author } : {}),
    ...(title ? { title } : {}),
    format: formatOf(attachment?.contentType, attachment?.url),
  };
}

/** The patient's discharge letters, newest first. */
export async function listDischargeLetters(
  kit: Kit,
  reference: string,
  call: CallOptions,
): Promise<LetterSummary[]> {
  const { fhir, unwrap, loinc, LETTER_TYPES } = kit;
  const data = await unwrap(
    fhir.GET('/DocumentReference', {
      params: {
        query: {
          patient: reference,
          type: `${loinc}|${LETTER_TYPES.dischargeSummary},${loinc}|${LETTER_TYPES.hospitalDischargeReport}`,
          _sort: '-date',
        },
      },
      signal: call.signal,
    }),
  );
  return (data.entry ?? [])
    .map((e) => e.resource)
    .filter((r): r is DocumentReference => r?.resourceType === 'DocumentReference')
    .map((doc) => letterSummaryOf(kit, doc));
}

/** The content of one letter: CDA XML text, a FHIR document Bundle, or a PDF Blob. */
export async function getLetter(
  kit: Kit,
  documentReference: string,
  call: CallOptions,
): Promise<LetterContent> {
  const { fhir, unwrap, LienError } = kit;
  const id = parseTypedRef(kit, documentReference, 'DocumentReference');
  const doc = await unwrap(
    fhir.GET('/DocumentReference/{id}', { params: { path: { id } }, signal: call.signal }),
  );
  const attachment = doc.content?.[0]?.attachment;
  const format = formatOf(attachment?.contentType, attachment?.url);
  const url = attachment?.url ?? '';
  if (format === 'fhir') {
    const bundleId = parseTypedRef(kit, url, 'Bundle');
    const data = await unwrap(
      fhir.GET('/Bundle/{id}', { params: { path: { id: bundleId } }, signal: call.signal }),
    );
    return { type: 'fhir', bundle: data };
  }
  if (format === 'cda' || format === 'pdf') {
    const binaryId = parseTypedRef(kit, url, 'Binary');
    const request = fhir.GET('/Binary/{id}', {
      params: { path: { id: binaryId } },
      parseAs: format === 'cda' ? 'text' : 'blob',
      headers: { Accept: format === 'cda' ? 'application/xml' : 'application/pdf' },
      signal: call.signal,
    });
    const data = await unwrap<unknown>(request as Promise<Result<unknown>>);
    if (format === 'cda') return { type: 'cda', xml: String(data) };
    return { type: 'pdf', blob: data as Blob };
  }
  // Said with the FHIR issue type `not-supported`, so that a reader can tell it from other errors.
  const diagnostics = `Unsupported letter format (${attachment?.contentType ?? 'none'}).`;
  throw new LienError(diagnostics, {
    code: 'invalid',
    issues: [{ severity: 'error', code: 'not-supported', diagnostics }],
  });
}
