/**
 * Reads a FHIR document Bundle (HL7 Europe Hospital Discharge Report style) into the letter view.
 * @module
 */
import { SYSTEMS } from '../fhir/systems.js';
import type { LabelledCode } from '../model.js';
import {
  FINESS_OID,
  IDNPS_OID,
  INS_SYSTEMS,
  TIMING_EVENTS,
  daysBetween,
  formatPeriod,
  formatQuantity,
  formatRange,
  labelled,
  rppsFromIdnps,
  sectionKind,
} from './codes.js';
import { inferTreatmentStatuses, missingItems, warnStoppedWithoutReason } from './common.js';
import { LetterReadError } from './errors.js';
import type {
  DischargeLetterView,
  FollowUpItem,
  FollowUpKind,
  LetterBlock,
  LetterCodedText,
  LetterEssentials,
  LetterHeader,
  LetterIdentifier,
  LetterObservation,
  LetterOrganization,
  LetterPatient,
  LetterPersonName,
  LetterProfessional,
  LetterSection,
  LetterSectionRef,
  LetterWarning,
  NarrativeNode,
  PendingResult,
  Treatment,
} from './model.js';
import {
  narrativeFromXhtmlString,
  narrativeItems,
  narrativeToText,
  textFromMarkup,
} from './narrative.js';
import {
  checkEncoding,
  checkSize,
  utf8Length,
  type DOMParserLike,
  type XmlReadOptions,
} from './xml.js';

/** Options of {@link readFhirLetter}. */
export type FhirReadOptions = XmlReadOptions;

/** Extension naming the recipients of an HL7 Europe document. */
const INFORMATION_RECIPIENT = 'http://hl7.eu/fhir/StructureDefinition/information-recipient';
/** Composition.version (R5 backport) used by HDR. */
const COMPOSITION_VERSION =
  'http://hl7.org/fhir/5.0/StructureDefinition/extension-Composition.version';
/** Document types read as discharge letters. */
const LETTER_CODES = ['34105-7', '11490-0'];
/** Result statuses meaning "not final yet". */
const PENDING_STATUSES = new Set(['registered', 'preliminary', 'partial']);
/** Medication resources a treatment is read from. */
const MEDICATION_TYPES = new Set([
  'MedicationStatement',
  'MedicationRequest',
  'MedicationAdministration',
  'MedicationDispense',
]);

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (o: Json | undefined, key: string): string | undefined => {
  const v = o?.[key];
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
};
const num = (o: Json | undefined, key: string): number | undefined => {
  const v = o?.[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
};
const obj = (o: Json | undefined, key: string): Json | undefined => {
  const v = o?.[key];
  return isObject(v) ? v : undefined;
};
const arr = (o: Json | undefined, key: string): Json[] => {
  const v = o?.[key];
  return Array.isArray(v) ? v.filter(isObject) : [];
};
const strings = (o: Json | undefined, key: string): string[] => {
  const v = o?.[key];
  return Array.isArray(v)
    ? v.filter((s): s is string => typeof s === 'string' && s.trim() !== '')
    : [];
};

/**
 * Reads a FHIR document Bundle whose first entry is a Composition (HL7 Europe Hospital Discharge
 * Report, LOINC `34105-7`; or `11490-0`) into a {@link DischargeLetterView}.
 *
 * Sections are recognised by LOINC code: `8648-8` hospital course and `67781-5` synthesis, `42349-1`
 * reason (else `Encounter.reasonCode`), `10183-2`/`75311-1` discharge medications, `18610-6` stopped
 * medications (else stopped entries of `87232-5` pharmacotherapy), `30954-2` results (entries not yet
 * final are the pending results), `18776-5` plan of care, `48765-2` allergies, `104605-1` alerts…
 * Section entries are resolved in the Bundle (by `fullUrl`, `Type/id`) to fill treatments and
 * follow-up items when structured.
 *
 * `bundle` may be the parsed JSON or its text. Narratives (`text.div`) are parsed with
 * `options.domParser` (default `globalThis.DOMParser`); without one they are shown as plain text.
 *
 * @throws {LetterReadError} `not-json`, `not-fhir-document`, `too-large`, `unreadable`.
 */
export function readFhirLetter(bundle: unknown, options?: FhirReadOptions): DischargeLetterView {
  try {
    return new FhirReader(options).read(bundle);
  } catch (error) {
    if (error instanceof LetterReadError) throw error;
    throw new LetterReadError('unreadable', 'The FHIR letter could not be read.', { cause: error });
  }
}

class FhirReader {
  private readonly warnings: LetterWarning[] = [];
  private readonly byUrl = new Map<string, Json>();
  private readonly unresolved = new Set<string>();
  private readonly parser: DOMParserLike | undefined;

  constructor(private readonly options: FhirReadOptions | undefined) {
    this.parser =
      options?.domParser ??
      (typeof (globalThis as { DOMParser?: unknown }).DOMParser === 'function'
        ? new (globalThis as unknown as { DOMParser: new () => DOMParserLike }).DOMParser()
        : undefined);
  }

  read(input: unknown): DischargeLetterView {
    const bundle = this.load(input);
    if (bundle.resourceType !== 'Bundle') {
      throw new LetterReadError('not-fhir-document', 'The content is not a FHIR Bundle.');
    }
    const entries = arr(bundle, 'entry');
    const composition = obj(entries[0], 'resource');
    if (!composition || composition.resourceType !== 'Composition') {
      throw new LetterReadError(
        'not-fhir-document',
        'The first entry of the Bundle is not a Composition.',
      );
    }
    const typeCode = this.loincOf(obj(composition, 'type'));
    if (bundle.type !== 'document' || !typeCode || !LETTER_CODES.includes(typeCode)) {
      this.warnings.push({
        code: 'not-hdr',
        message: `Not a discharge-report document (Bundle.type ${String(bundle.type)}, Composition.type ${typeCode ?? 'none'}); read as a generic FHIR document.`,
      });
    }
    this.index(entries);

    const header = this.header(bundle, composition, typeCode);
    const essentials: LetterEssentials = {};
    const sections: LetterSection[] = [];
    const derived = {
      stopped: [] as Treatment[],
      stoppedAtDischarge: [] as Treatment[],
      stoppedFrom: undefined as LetterSectionRef | undefined,
    };
    const pending = {
      items: [] as PendingResult[],
      from: undefined as LetterSectionRef | undefined,
    };
    for (const section of arr(composition, 'section')) {
      this.readSection(section, essentials, sections, derived, pending);
    }
    const stoppedBlock = essentials.stoppedTreatments;
    if (stoppedBlock) {
      // Entries stopped in the discharge medications join the stopped treatments the letter lists.
      const listed = new Set(stoppedBlock.items.map((t) => t.name));
      const more = derived.stoppedAtDischarge.filter((t) => !listed.has(t.name));
      if (more.length > 0) {
        stoppedBlock.items.push(...more);
        stoppedBlock.structured = true;
      }
    } else {
      const stopped = [...derived.stoppedAtDischarge, ...derived.stopped];
      if (stopped.length > 0 && derived.stoppedFrom) {
        essentials.stoppedTreatments = {
          section: derived.stoppedFrom,
          narrative: [],
          items: stopped,
          structured: true,
        };
      }
    }
    if (!essentials.pendingResults && pending.items.length > 0 && pending.from) {
      essentials.pendingResults = {
        section: pending.from,
        narrative: [],
        items: pending.items,
        structured: true,
      };
    }
    if (!essentials.reason) this.reasonFromEncounter(composition, essentials);

    inferTreatmentStatuses(
      essentials.dischargeTreatments?.items ?? [],
      essentials.stoppedTreatments?.items ?? [],
      header.admissionDate,
    );
    warnStoppedWithoutReason(essentials.stoppedTreatments?.items ?? [], this.warnings);
    if (this.unresolved.size > 0) {
      this.warnings.push({
        code: 'unresolved-reference',
        message: `References not found in the Bundle: ${[...this.unresolved].join(', ')}.`,
      });
    }
    const view = { source: 'fhir' as const, header, essentials, sections, warnings: this.warnings };
    return { ...view, missing: missingItems(view) };
  }

  private load(input: unknown): Json {
    let text: string;
    if (typeof input === 'string') {
      checkSize(utf8Length(input), this.options?.maxBytes);
      text = input;
    } else if (isObject(input)) {
      text = JSON.stringify(input);
      checkSize(utf8Length(text), this.options?.maxBytes);
    } else {
      throw new LetterReadError('not-fhir-document', 'The content is not a FHIR Bundle.');
    }
    const checked = checkEncoding(text, this.warnings);
    if (checked === text && isObject(input)) return input;
    try {
      const parsed: unknown = JSON.parse(checked);
      if (!isObject(parsed))
        throw new LetterReadError('not-fhir-document', 'The JSON is not a FHIR Bundle.');
      return parsed;
    } catch (cause) {
      if (cause instanceof LetterReadError) throw cause;
      throw new LetterReadError('not-json', 'The content is not JSON.', { cause });
    }
  }

  // -------------------------------------------------------------------------------------------
  // References
  // -------------------------------------------------------------------------------------------

  private index(entries: Json[]): void {
    for (const entry of entries) {
      const resource = obj(entry, 'resource');
      if (!resource) continue;
      const fullUrl = str(entry, 'fullUrl');
      if (fullUrl) this.byUrl.set(fullUrl, resource);
      const type = str(resource, 'resourceType');
      const id = str(resource, 'id');
      if (type && id && !this.byUrl.has(`${type}/${id}`)) this.byUrl.set(`${type}/${id}`, resource);
    }
  }

  /** The resource a Reference points to, in the Bundle (`urn:uuid:…`, absolute URL, `Type/id`). */
  private resolve(reference: Json | undefined): Json | undefined {
    const ref = str(reference, 'reference');
    if (!ref) return undefined;
    const found =
      this.byUrl.get(ref) ??
      this.byUrl.get(
        /([A-Za-z]+\/[A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/.exec(ref)?.[1] ?? '',
      );
    if (!found) this.unresolved.add(ref);
    return found;
  }

  // -------------------------------------------------------------------------------------------
  // Codes, names
  // -------------------------------------------------------------------------------------------

  private codingLabel(coding: Json | undefined, text?: string): LabelledCode | undefined {
    const code = str(coding, 'code');
    if (!coding || !code) return undefined;
    return labelled(code, str(coding, 'system') ?? '', str(coding, 'display') ?? text);
  }

  /** All codings of a CodeableConcept, labelled. */
  private codes(concept: Json | undefined): LabelledCode[] {
    return arr(concept, 'coding')
      .map((c) => this.codingLabel(c, str(concept, 'text')))
      .filter((c): c is LabelledCode => c !== undefined);
  }

  private conceptText(concept: Json | undefined): string | undefined {
    return (
      str(concept, 'text') ??
      arr(concept, 'coding')
        .map((c) => str(c, 'display'))
        .find(Boolean)
    );
  }

  private loincOf(concept: Json | undefined): string | undefined {
    const codings = arr(concept, 'coding');
    return str(codings.find((c) => str(c, 'system') === SYSTEMS.loinc) ?? codings[0], 'code');
  }

  /**
   * A name: the usual name, else the official one. With `birth` (patients), the official name is
   * also the birth name (FR Core: official = "nom de naissance", usual = "nom utilisé").
   */
  private humanName(names: Json[], birth = false): LetterPersonName | undefined {
    const pick = (use: string) => names.find((n) => str(n, 'use') === use);
    const used = pick('usual') ?? pick('official') ?? names[0];
    if (!used) return undefined;
    const given = strings(used, 'given');
    const family = str(used, 'family');
    const out: LetterPersonName = {
      text: str(used, 'text') ?? [given[0], family].filter(Boolean).join(' '),
    };
    if (given[0]) out.given = given[0];
    if (family) out.family = family;
    const prefix = strings(used, 'prefix')[0];
    const suffix = strings(used, 'suffix')[0];
    if (prefix) out.prefix = prefix;
    if (suffix) out.suffix = suffix;
    const official = pick('official');
    if (birth && official) {
      const birthFamily = str(official, 'family');
      const birthGivens = strings(official, 'given').join(' ');
      if (birthFamily) out.birthFamily = birthFamily;
      if (birthGivens) out.birthGivens = birthGivens;
    }
    if (!out.text) out.text = [out.given, out.family].filter(Boolean).join(' ');
    return out;
  }

  private identifiers(resource: Json | undefined): LetterIdentifier[] {
    return arr(resource, 'identifier').flatMap((i) => {
      const system = str(i, 'system');
      const value = str(i, 'value');
      return system && value ? [{ system, value }] : [];
    });
  }

  private phones(resource: Json | undefined): string[] {
    return arr(resource, 'telecom')
      .filter((t) => str(t, 'system') === 'phone')
      .map((t) => str(t, 'value'))
      .filter((v): v is string => v !== undefined);
  }

  private organization(resource: Json | undefined): LetterOrganization | undefined {
    if (!resource || resource.resourceType !== 'Organization') return undefined;
    const identifiers = this.identifiers(resource);
    const org: LetterOrganization = { identifiers };
    const name = str(resource, 'name');
    if (name) org.name = name;
    const finess = identifiers.find(
      (i) => i.system === SYSTEMS.finess || i.system === `urn:oid:${FINESS_OID}`,
    );
    if (finess) org.finess = finess.value;
    const setting = this.codes(arr(resource, 'type')[0])[0];
    if (setting) org.setting = setting;
    const phones = this.phones(resource);
    if (phones.length > 0) org.phones = phones;
    return org;
  }

  /** A professional from a Practitioner, PractitionerRole or Organization reference. */
  private professional(reference: Json | undefined): LetterProfessional | undefined {
    const resource = this.resolve(reference);
    const display = str(reference, 'display');
    if (!resource) return display ? { name: { text: display }, phones: [] } : undefined;
    if (resource.resourceType === 'Organization') {
      const organization = this.organization(resource);
      return organization ? { organization, phones: this.phones(resource) } : undefined;
    }
    const role = resource.resourceType === 'PractitionerRole' ? resource : undefined;
    const practitioner = role ? this.resolve(obj(role, 'practitioner')) : resource;
    const pro: LetterProfessional = {
      phones: [...this.phones(role), ...this.phones(practitioner)],
    };
    const name =
      this.humanName(arr(practitioner, 'name')) ??
      (str(obj(role, 'practitioner'), 'display')
        ? { text: str(obj(role, 'practitioner'), 'display') ?? '' }
        : undefined);
    if (name) pro.name = name;
    for (const id of this.identifiers(practitioner)) {
      if (id.system === SYSTEMS.rpps) pro.rpps = id.value;
      if (id.system === SYSTEMS.idnps || id.system === `urn:oid:${IDNPS_OID}`) {
        pro.idnps = id.value;
        pro.rpps ??= rppsFromIdnps(id.value);
      }
    }
    if (pro.rpps === undefined) delete pro.rpps;
    const profession = this.codes(arr(role, 'code')[0]).find(
      (c) => c.system === SYSTEMS.profession,
    );
    if (profession) pro.profession = profession;
    const specialty = this.codes(arr(role, 'specialty')[0])[0];
    if (specialty) pro.specialty = specialty;
    const organization = this.organization(this.resolve(obj(role, 'organization')));
    if (organization) pro.organization = organization;
    return pro;
  }

  // -------------------------------------------------------------------------------------------
  // Header
  // -------------------------------------------------------------------------------------------

  private header(bundle: Json, composition: Json, typeCode: string | undefined): LetterHeader {
    const header: LetterHeader = {
      model: typeCode === '34105-7' ? 'HL7 Europe HDR' : 'FHIR document',
      recipients: [],
    };
    const title = str(composition, 'title');
    if (title) header.title = title;
    const type = this.codes(obj(composition, 'type')).find((c) => c.system === SYSTEMS.loinc);
    if (type) header.type = type;
    const documentId =
      str(obj(composition, 'identifier'), 'value') ?? str(obj(bundle, 'identifier'), 'value');
    if (documentId) header.documentId = documentId;
    const versionText =
      arr(composition, 'extension').find((e) => str(e, 'url') === COMPOSITION_VERSION)
        ?.valueString ?? str(obj(composition, 'meta'), 'versionId');
    const version = Number(versionText);
    if (typeof versionText === 'string' && Number.isInteger(version)) header.version = version;
    const date = str(composition, 'date');
    if (date) header.documentDate = date;
    const status = str(composition, 'status');
    if (status) {
      // A code, not text: the presentation layer labels it in the reader's language.
      header.documentStatus = { code: labelled(status, SYSTEMS.compositionStatus) };
    }
    const language = str(composition, 'language');
    if (language) header.language = language;

    const patient = this.patient(this.resolve(obj(composition, 'subject')));
    if (patient) header.patient = patient;
    const patientResource = this.resolve(obj(composition, 'subject'));

    const author = this.professional(arr(composition, 'author')[0]);
    if (author) header.author = author;
    const legal = arr(composition, 'attester').find((a) => str(a, 'mode') === 'legal');
    const signer = legal ? this.professional(obj(legal, 'party')) : undefined;
    if (signer) header.legalAuthenticator = signer;
    const gp = this.professional(arr(patientResource, 'generalPractitioner')[0]);
    if (gp) header.generalPractitioner = gp;
    for (const extension of arr(composition, 'extension')) {
      if (str(extension, 'url') !== INFORMATION_RECIPIENT) continue;
      const recipient = this.professional(obj(extension, 'valueReference'));
      if (recipient) header.recipients.push(recipient);
    }

    const facility =
      this.organization(this.resolve(obj(composition, 'custodian'))) ?? author?.organization;
    if (facility) header.facility = facility;

    const encounter = this.resolve(obj(composition, 'encounter'));
    if (encounter) {
      const period = obj(encounter, 'period');
      const admission = str(period, 'start');
      const discharge = str(period, 'end');
      if (admission) header.admissionDate = admission;
      if (discharge) header.dischargeDate = discharge;
      const days = daysBetween(admission, discharge);
      if (days !== undefined) header.lengthOfStayDays = days;
      const stayType = this.codingLabel(obj(encounter, 'class'));
      if (stayType) header.stayType = stayType;
      const hospitalization = obj(encounter, 'hospitalization');
      const admissionMode = this.codedText(obj(hospitalization, 'admitSource'));
      if (admissionMode) header.admissionMode = admissionMode;
      const dischargeMode = this.codedText(obj(hospitalization, 'dischargeDisposition'));
      if (dischargeMode) header.dischargeMode = dischargeMode;
      const referrer = arr(encounter, 'participant').find((p) =>
        arr(p, 'type').some((t) => arr(t, 'coding').some((c) => str(c, 'code') === 'REF')),
      );
      const referring = referrer ? this.professional(obj(referrer, 'individual')) : undefined;
      if (referring) header.referringDoctor = referring;
      const location = obj(arr(encounter, 'location')[0], 'location');
      const unit =
        str(this.resolve(location), 'name') ??
        str(location, 'display') ??
        this.conceptText(obj(encounter, 'serviceType'));
      if (unit) header.unit = unit;
    }
    return header;
  }

  private codedText(concept: Json | undefined): LetterCodedText | undefined {
    if (!concept) return undefined;
    const out: LetterCodedText = {};
    const code = this.codes(concept)[0];
    if (code) out.code = code;
    const text = this.conceptText(concept);
    if (text) out.text = text;
    return out.code || out.text ? out : undefined;
  }

  private patient(resource: Json | undefined): LetterPatient | undefined {
    if (!resource) return undefined;
    const identifiers = this.identifiers(resource);
    const patient: LetterPatient = {
      name: this.humanName(arr(resource, 'name'), true) ?? { text: '' },
      identifiers,
    };
    for (const id of identifiers) {
      const ins = INS_SYSTEMS[id.system.replace(/^urn:oid:/, '')];
      if (ins && id.system.startsWith('urn:oid:')) {
        patient.ins = { value: id.value, system: id.system, ...ins };
        break;
      }
    }
    const birthDate = str(resource, 'birthDate');
    if (birthDate) patient.birthDate = birthDate;
    const gender = str(resource, 'gender');
    if (gender === 'female' || gender === 'male' || gender === 'other' || gender === 'unknown')
      patient.sex = gender;
    return patient;
  }

  // -------------------------------------------------------------------------------------------
  // Sections
  // -------------------------------------------------------------------------------------------

  private narrative(holder: Json | undefined): NarrativeNode[] {
    const div = str(obj(holder, 'text'), 'div');
    return div ? narrativeFromXhtmlString(div, this.parser, this.warnings) : [];
  }

  private readSection(
    section: Json,
    essentials: LetterEssentials,
    others: LetterSection[],
    derived: {
      stopped: Treatment[];
      stoppedAtDischarge: Treatment[];
      stoppedFrom: LetterSectionRef | undefined;
    },
    pending: { items: PendingResult[]; from: LetterSectionRef | undefined },
  ): void {
    const code = this.loincOf(obj(section, 'code'));
    const { kind } = sectionKind([], code);
    const ref: LetterSectionRef = { kind, templateIds: [] };
    if (code) ref.code = code;
    const title = str(section, 'title');
    if (title) ref.title = title;
    const narrative = this.narrative(section);
    const resources = arr(section, 'entry')
      .map((e) => this.resolve(e))
      .filter((r): r is Json => r !== undefined);

    switch (kind) {
      case 'reason':
        if (!essentials.reason) {
          const codes = uniqueCodes(resources.flatMap((r) => this.codes(obj(r, 'code'))));
          essentials.reason = { section: ref, narrative, text: narrativeToText(narrative), codes };
          for (const child of arr(section, 'section'))
            this.readSection(child, essentials, others, derived, pending);
          return;
        }
        break;
      case 'discharge-treatments':
      case 'stopped-treatments': {
        const key = kind === 'discharge-treatments' ? 'dischargeTreatments' : 'stoppedTreatments';
        if (essentials[key]) break;
        const medications = resources.filter((r) => MEDICATION_TYPES.has(String(r.resourceType)));
        const items: Treatment[] = [];
        for (const r of medications) {
          if (kind === 'discharge-treatments' && isStopped(r)) {
            // Stopped at discharge: a stopped treatment, with its reason (statusReason).
            derived.stoppedAtDischarge.push(this.treatment(r, true));
            derived.stoppedFrom ??= ref;
          } else items.push(this.treatment(r, kind === 'stopped-treatments'));
        }
        essentials[key] = { section: ref, narrative, items, structured: items.length > 0 };
        // Its sub-sections are read like any other section, next to it.
        for (const child of arr(section, 'section'))
          this.readSection(child, essentials, others, derived, pending);
        return;
      }
      case 'follow-up':
        if (!essentials.followUp) {
          essentials.followUp = this.followUp(ref, narrative, resources);
          for (const child of arr(section, 'section'))
            this.readSection(child, essentials, others, derived, pending);
          return;
        }
        break;
      case 'medications-during-stay':
        for (const r of resources) {
          if (!MEDICATION_TYPES.has(String(r.resourceType)) || !isStopped(r)) continue;
          derived.stopped.push(this.treatment(r, true));
          derived.stoppedFrom ??= ref;
        }
        break;
      case 'results':
        for (const r of resources) {
          const status = str(r, 'status');
          if (!status || !PENDING_STATUSES.has(status)) continue;
          const item = this.pendingItem(r);
          if (item) {
            pending.items.push(item);
            pending.from ??= ref;
          }
        }
        break;
      default:
        break;
    }
    const subsections: LetterSection[] = [];
    for (const child of arr(section, 'section'))
      this.readSection(child, essentials, subsections, derived, pending);
    const observations = resources
      .filter((r) => r.resourceType === 'Observation')
      .map((r) => this.observation(r))
      .filter((o): o is LetterObservation => o !== undefined);
    others.push({ ...ref, narrative, observations, subsections });
  }

  private reasonFromEncounter(composition: Json, essentials: LetterEssentials): void {
    const encounter = this.resolve(obj(composition, 'encounter'));
    if (!encounter) return;
    const concepts = arr(encounter, 'reasonCode');
    const conditions = arr(encounter, 'reasonReference')
      .map((r) => this.resolve(r))
      .map((c) => obj(c, 'code'))
      .filter((c): c is Json => c !== undefined);
    const all = [...concepts, ...conditions];
    const text = [
      ...new Set(all.map((c) => this.conceptText(c)).filter((t): t is string => t !== undefined)),
    ].join(' ; ');
    if (!text) return;
    essentials.reason = {
      section: { kind: 'reason', templateIds: [] },
      narrative: [],
      text,
      codes: uniqueCodes(all.flatMap((c) => this.codes(c))),
    };
  }

  private observation(resource: Json): LetterObservation | undefined {
    const code = this.codes(obj(resource, 'code'))[0];
    if (!code) return undefined;
    const out: LetterObservation = { code };
    const concept = obj(resource, 'valueCodeableConcept');
    const valueCode = this.codes(concept)[0];
    if (valueCode) out.valueCode = valueCode;
    if (typeof resource.valueBoolean === 'boolean') out.valueBoolean = resource.valueBoolean;
    const quantity = obj(resource, 'valueQuantity');
    const valueText =
      str(resource, 'valueString') ??
      (quantity && num(quantity, 'value') !== undefined
        ? formatQuantity(String(num(quantity, 'value')), quantityParts(quantity)?.unit)
        : undefined) ??
      (valueCode ? undefined : this.conceptText(concept));
    if (valueText) out.valueText = valueText;
    const date =
      str(resource, 'effectiveDateTime') ?? str(obj(resource, 'effectivePeriod'), 'start');
    if (date) out.date = date;
    return out;
  }

  private pendingItem(resource: Json): PendingResult | undefined {
    const code = this.codes(obj(resource, 'code'))[0];
    const text =
      this.conceptText(obj(resource, 'code')) ??
      str(resource, 'conclusion') ??
      textFromMarkup(str(obj(resource, 'text'), 'div') ?? '');
    if (!text) return undefined;
    const note = arr(resource, 'note')
      .map((n) => str(n, 'text'))
      .find(Boolean);
    const item: PendingResult = { text: note ? `${text} — ${note}` : text };
    if (code) item.code = code;
    const date = str(resource, 'effectiveDateTime') ?? str(resource, 'issued');
    if (date) item.date = date;
    return item;
  }

  // -------------------------------------------------------------------------------------------
  // Treatments
  // -------------------------------------------------------------------------------------------

  private treatment(resource: Json, stopped: boolean): Treatment {
    const concept = obj(resource, 'medicationCodeableConcept');
    const medicationRef = obj(resource, 'medicationReference');
    const medication = medicationRef ? this.resolve(medicationRef) : undefined;
    const medicationCode = concept ?? obj(medication, 'code');
    const codes = this.codes(medicationCode);
    const productName = arr(medication, 'extension')
      .filter((e) => /productName$/i.test(str(e, 'url') ?? ''))
      .map((e) => str(e, 'valueString'))
      .find(Boolean);
    const name =
      this.conceptText(medicationCode) ??
      productName ??
      str(medicationRef, 'display') ??
      codes[0]?.display ??
      codes[0]?.code ??
      this.medicationWithoutCode(medication) ??
      '';
    const treatment: Treatment = { name, translations: codes.slice(1) };
    if (codes[0]) treatment.code = codes[0];

    // Every dosage, in sequence order (a treatment may change dose over time: 1500 mg for 3 days,
    // then 750 to 1500 mg for 4 days). What all steps share is given once; what varies is in the
    // text, step by step, unless the letter wrote the text itself.
    const dosages = [
      ...arr(resource, 'dosage'),
      ...arr(resource, 'dosageInstruction'),
      ...(obj(resource, 'dosage') ? [obj(resource, 'dosage') as Json] : []),
    ]
      .map((dosage, index) => ({ dosage, index }))
      .sort(
        (a, b) =>
          (num(a.dosage, 'sequence') ?? Infinity) - (num(b.dosage, 'sequence') ?? Infinity) ||
          a.index - b.index,
      )
      .map(({ dosage }) => dosage);
    const steps = dosages.map((dosage) => this.dosageStep(dosage));
    const shared = (key: 'dose' | 'route' | 'frequency' | 'duration'): string | undefined => {
      const first = steps[0]?.[key];
      return first !== undefined && steps.every((step) => step[key] === first) ? first : undefined;
    };
    for (const key of ['dose', 'route', 'frequency', 'duration'] as const) {
      const value = shared(key);
      if (value) treatment[key] = value;
    }
    const dosageText =
      steps.length > 1
        ? steps
            .map((step) => {
              if (step.text) return step.text;
              const parts = (['dose', 'frequency', 'route'] as const)
                .filter((key) => !treatment[key])
                .map((key) => step[key])
                .filter((p): p is string => !!p)
                .join(', ');
              const duration =
                step.duration && !treatment.duration ? `pendant ${step.duration}` : undefined;
              return [parts, duration].filter(Boolean).join(' ');
            })
            .filter(Boolean)
            .join(' ; puis ') || undefined
        : steps[0]?.text;
    const repeat = obj(obj(dosages[0], 'timing'), 'repeat');
    const lastRepeat = obj(obj(dosages.at(-1), 'timing'), 'repeat');

    const period = obj(resource, 'effectivePeriod') ?? obj(repeat, 'boundsPeriod');
    const start =
      str(period, 'start') ?? str(resource, 'effectiveDateTime') ?? str(resource, 'authoredOn');
    const end =
      str(obj(resource, 'effectivePeriod'), 'end') ?? str(obj(lastRepeat, 'boundsPeriod'), 'end');
    if (start) treatment.start = start;
    if (end) treatment.end = end;

    const statusReason = this.conceptText(
      arr(resource, 'statusReason')[0] ?? obj(resource, 'statusReason'),
    );
    const indication =
      this.conceptText(arr(resource, 'reasonCode')[0]) ??
      str(arr(resource, 'reasonReference')[0], 'display');
    const reason = stopped ? (statusReason ?? indication) : indication;
    if (reason) treatment.reason = reason;
    const note = arr(resource, 'note')
      .map((n) => str(n, 'text'))
      .find(Boolean);
    if (note) treatment.comment = note;
    const narrative = str(obj(resource, 'text'), 'div');
    const text = dosageText ?? (narrative ? textFromMarkup(narrative) : undefined);
    if (text) treatment.text = text;
    if (stopped || isStopped(resource)) treatment.status = 'stopped';
    return treatment;
  }

  /**
   * The name of a Medication without `code`: its ingredients (`itemCodeableConcept`, or the
   * referenced Medication), else its classification, else its narrative.
   */
  private medicationWithoutCode(medication: Json | undefined): string | undefined {
    if (!medication) return undefined;
    const ingredients = arr(medication, 'ingredient')
      .map((ingredient) => {
        const concept = obj(ingredient, 'itemCodeableConcept');
        if (concept) return this.conceptText(concept);
        const reference = obj(ingredient, 'itemReference');
        const target = this.resolve(reference);
        return (
          (target && target !== medication ? this.conceptText(obj(target, 'code')) : undefined) ??
          str(reference, 'display')
        );
      })
      .filter((t): t is string => t !== undefined);
    if (ingredients.length > 0) return [...new Set(ingredients)].join(' + ');
    const classification = arr(medication, 'extension')
      .filter((e) => /classification$/i.test(str(e, 'url') ?? ''))
      .map((e) => this.conceptText(obj(e, 'valueCodeableConcept')))
      .find(Boolean);
    const narrative = str(obj(medication, 'text'), 'div');
    return classification ?? (narrative ? textFromMarkup(narrative) || undefined : undefined);
  }

  /** One FHIR Dosage: dose, route, frequency (with "si besoin", maximum dose), duration, text. */
  private dosageStep(dosage: Json): {
    dose?: string;
    route?: string;
    frequency?: string;
    duration?: string;
    text?: string;
  } {
    const step: ReturnType<FhirReader['dosageStep']> = {};
    const doseAndRate = arr(dosage, 'doseAndRate')[0];
    const quantity = obj(doseAndRate, 'doseQuantity') ?? obj(dosage, 'dose');
    const range = obj(doseAndRate, 'doseRange');
    const dose = quantity
      ? formatRange(quantityParts(quantity), undefined)
      : formatRange(quantityParts(obj(range, 'low')), quantityParts(obj(range, 'high')));
    if (dose) step.dose = dose;
    const route = this.conceptText(obj(dosage, 'route'));
    if (route) step.route = route;
    const timing = obj(dosage, 'timing');
    const repeat = obj(timing, 'repeat');
    const asNeededConcept = this.conceptText(obj(dosage, 'asNeededCodeableConcept'));
    const asNeeded = asNeededConcept
      ? `si besoin (${asNeededConcept})`
      : dosage.asNeededBoolean === true
        ? 'si besoin'
        : undefined;
    const maxDose = [
      ...arr(dosage, 'maxDosePerPeriod'),
      ...(obj(dosage, 'maxDosePerPeriod') ? [obj(dosage, 'maxDosePerPeriod') as Json] : []),
    ]
      .map((ratio) => maxDoseText(ratio))
      .find(Boolean);
    const frequency = [
      frequencyOf(repeat) ?? this.conceptText(obj(timing, 'code')),
      asNeeded,
      maxDose,
    ]
      .filter(Boolean)
      .join(', ');
    if (frequency) step.frequency = frequency;
    const bounds = obj(repeat, 'boundsDuration');
    const boundsValue = num(bounds, 'value');
    if (boundsValue !== undefined) {
      step.duration = durationText(boundsValue, str(bounds, 'code') ?? str(bounds, 'unit'));
    }
    const text = str(dosage, 'text');
    if (text) step.text = text;
    return step;
  }

  // -------------------------------------------------------------------------------------------
  // Follow-up
  // -------------------------------------------------------------------------------------------

  private followUp(
    ref: LetterSectionRef,
    narrative: NarrativeNode[],
    resources: Json[],
  ): LetterBlock<FollowUpItem> {
    const items: FollowUpItem[] = [];
    for (const resource of resources) {
      if (resource.resourceType === 'CarePlan') {
        for (const activity of arr(resource, 'activity')) {
          const item = this.activityItem(activity);
          if (item) items.push(item);
        }
        continue;
      }
      const item = this.plannedItem(resource);
      if (item) items.push(item);
    }
    if (items.length > 0) return { section: ref, narrative, items, structured: true };
    const fromText = narrativeItems(narrative).map((text): FollowUpItem => ({
      kind: 'other',
      text,
    }));
    return { section: ref, narrative, items: fromText, structured: false };
  }

  private activityItem(activity: Json): FollowUpItem | undefined {
    const target = this.resolve(obj(activity, 'reference'));
    if (target) return this.plannedItem(target);
    const detail = obj(activity, 'detail');
    if (!detail) return undefined;
    const kinds: Record<string, FollowUpKind> = {
      Appointment: 'appointment',
      ServiceRequest: 'exam',
      Procedure: 'act',
      CommunicationRequest: 'recommendation',
      Task: 'other',
    };
    const concept = obj(detail, 'code');
    const text = str(detail, 'description') ?? this.conceptText(concept);
    if (!text) return undefined;
    const item: FollowUpItem = { kind: kinds[str(detail, 'kind') ?? ''] ?? 'other', text };
    const code = this.codes(concept)[0];
    if (code) item.code = code;
    const date = str(obj(detail, 'scheduledPeriod'), 'start') ?? str(detail, 'scheduledString');
    if (date) item.date = date;
    return item;
  }

  private plannedItem(resource: Json): FollowUpItem | undefined {
    const type = String(resource.resourceType);
    const kinds: Record<string, FollowUpKind> = {
      Appointment: 'appointment',
      ServiceRequest: 'exam',
      Procedure: 'act',
      CommunicationRequest: 'recommendation',
    };
    const concept = obj(resource, 'code') ?? arr(resource, 'serviceType')[0];
    const text =
      str(resource, 'description') ??
      this.conceptText(concept) ??
      arr(resource, 'payload')
        .map((p) => str(p, 'contentString'))
        .find(Boolean);
    if (!text) return undefined;
    const item: FollowUpItem = { kind: kinds[type] ?? 'other', text };
    const code = this.codes(concept)[0];
    if (code) item.code = code;
    const date =
      str(resource, 'start') ??
      str(resource, 'occurrenceDateTime') ??
      str(obj(resource, 'occurrencePeriod'), 'start') ??
      str(resource, 'performedDateTime');
    if (date) item.date = date;
    const priority = str(resource, 'priority');
    if (priority && priority !== 'routine') item.priority = priority;
    return item;
  }
}

function uniqueCodes(codes: LabelledCode[]): LabelledCode[] {
  const seen = new Set<string>();
  return codes.filter((c) => {
    const key = `${c.system}|${c.code}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function isStopped(resource: Json): boolean {
  const status = str(resource, 'status');
  return (
    status === 'stopped' ||
    (resource.resourceType === 'MedicationRequest' && status === 'cancelled')
  );
}

const FHIR_UNITS: Record<string, string> = {
  s: 's',
  min: 'min',
  h: 'h',
  d: 'd',
  wk: 'wk',
  mo: 'mo',
  a: 'a',
};
const UNIT_WORDS: Record<string, [string, string]> = {
  h: ['heure', 'heures'],
  d: ['jour', 'jours'],
  wk: ['semaine', 'semaines'],
  mo: ['mois', 'mois'],
  a: ['an', 'ans'],
};

/**
 * `1 fois par jour`, `1 à 3 fois par jour`, `toutes les 8 h`, `toutes les 4 à 6 h`, `le matin`, from
 * a Timing.repeat (`frequencyMax` and `periodMax` give ranges).
 */
function frequencyOf(repeat: Json | undefined): string | undefined {
  if (!repeat) return undefined;
  const frequency = num(repeat, 'frequency') ?? 1;
  const frequencyMax = num(repeat, 'frequencyMax');
  const times =
    frequencyMax !== undefined && frequencyMax > frequency
      ? `${frequency} à ${frequencyMax}`
      : String(frequency);
  const period = num(repeat, 'period');
  const periodMax = num(repeat, 'periodMax');
  const unit = FHIR_UNITS[str(repeat, 'periodUnit') ?? ''];
  let text: string | undefined;
  if (period !== undefined && unit) {
    if (times === '1' && periodMax !== undefined && periodMax > period && periodMax > 1) {
      // `toutes les 6 h` → `toutes les 4 à 6 h`.
      text = formatPeriod(String(periodMax), unit)?.replace(
        /^(tou(?:te)?s les) /,
        `$1 ${String(period).replace('.', ',')} à `,
      );
    } else if (times === '1') text = formatPeriod(String(period), unit);
    else if (period === 1) text = `${times} fois par ${UNIT_WORDS[unit]?.[0] ?? unit}`;
    else text = `${times} fois tous les ${period} ${UNIT_WORDS[unit]?.[1] ?? unit}`;
  }
  const when = strings(repeat, 'when')
    .map((w) => TIMING_EVENTS[w] ?? w)
    .join(', ');
  if (text && when) return `${text}, ${when}`;
  return text ?? (when || undefined);
}

/** UCUM, the only system whose codes are units as such (EDQM codes are numbers). */
const UCUM = 'http://unitsofmeasure.org';

/**
 * Value and unit of a Quantity: its `unit` as written, else its `code` when that is UCUM (EDQM
 * codes such as `10219000` are no unit to show). A UCUM annotation the reader words in French
 * (`{puff}` → `bouffée`) is kept over the written unit, as the letters are French.
 */
function quantityParts(o: Json | undefined): { value: string; unit?: string } | undefined {
  const value = num(o, 'value');
  if (value === undefined) return undefined;
  const ucum = str(o, 'system') === UCUM ? str(o, 'code') : undefined;
  const shown = ucum === undefined || ucum === '1' ? undefined : formatQuantity('2', ucum);
  const worded =
    ucum !== undefined &&
    shown !== undefined &&
    !shown.endsWith(` ${ucum}`) &&
    !shown.endsWith(` ${ucum.replace(/^\{(.+)\}$/, '$1')}`);
  const unit = (worded ? ucum : undefined) ?? str(o, 'unit') ?? ucum;
  return unit ? { value: String(value), unit } : { value: String(value) };
}

/** `max 60 mg par jour`, `max 4 g par 24 h`, from a maxDosePerPeriod Ratio. */
function maxDoseText(ratio: Json): string | undefined {
  const numerator = quantityParts(obj(ratio, 'numerator'));
  if (!numerator) return undefined;
  const max = `max ${formatQuantity(numerator.value, numerator.unit)}`;
  const denominator = obj(ratio, 'denominator');
  const value = num(denominator, 'value') ?? 1;
  const code = str(denominator, 'code') ?? str(denominator, 'unit');
  const unit = code ? (FHIR_UNITS[code] ?? code) : undefined;
  if (!unit) return max;
  if (value === 1) return `${max} par ${UNIT_WORDS[unit]?.[0] ?? unit}`;
  return `${max} par ${formatQuantity(String(value), unit)}`;
}

function durationText(value: number, unit: string | undefined): string {
  const words = unit ? UNIT_WORDS[unit] : undefined;
  return words
    ? `${value} ${value > 1 ? words[1] : words[0]}`
    : formatQuantity(String(value), unit);
}
