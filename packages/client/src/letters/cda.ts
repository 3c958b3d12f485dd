/**
 * Reads a CDA R2 discharge letter (ANS LDL-SES 2020.01 / 2022.01, or any CDA as a generic letter).
 * @module
 */
import type { LabelledCode } from '../model.js';
import {
  FINESS_OID,
  IDNPS_OID,
  INS_SYSTEMS,
  LDL_SES_TEMPLATE,
  TIMING_EVENTS,
  datePart,
  daysBetween,
  formatPeriod,
  formatQuantity,
  formatRange,
  isoFromTs,
  labelled,
  professionAndSpecialty,
  rppsFromIdnps,
  sectionKind,
  systemUrl,
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
  PendingResult,
  Treatment,
} from './model.js';
import { elementText, narrativeFromCda, narrativeItems, narrativeToText } from './narrative.js';
import {
  checkEncoding,
  checkSize,
  decodeXmlBytes,
  domParserFrom,
  elementChildren,
  parseXml,
  utf8Length,
  type XmlElementLike,
  type XmlNodeLike,
  type XmlReadOptions,
} from './xml.js';

/** The HL7 v3 namespace of CDA documents. */
export const CDA_NS = 'urn:hl7-org:v3';
const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';

/** TA_ASIP codes (1.2.250.1.213.1.1.4.322) of the LDL-SES admission and discharge mode entries. */
const ADMISSION_MODE = 'ORG-070';
const DISCHARGE_MODE = 'ORG-074';

/** Options of {@link readCdaLetter}. */
export type CdaReadOptions = XmlReadOptions;

/**
 * Reads a CDA discharge letter into a {@link DischargeLetterView}.
 *
 * - `xml`: the document as text, or its bytes (decoded by BOM, then the XML declaration, else UTF-8).
 * - `options.domParser`: defaults to `globalThis.DOMParser` (browsers); pass one in Node
 *   (`new DOMParser()` from `@xmldom/xmldom`).
 *
 * A document of another model than LDL-SES (template 1.2.250.1.213.1.1.1.29) is read as a generic
 * CDA, with a `not-ldl-ses` warning. Missing mandatory items are named in `missing`.
 *
 * @throws {LetterReadError} when the content is not a readable CDA document (not XML, parse error,
 *   DOCTYPE, not a `ClinicalDocument`, over 5 MB, undecodable bytes, no DOMParser).
 */
export function readCdaLetter(
  xml: string | Uint8Array | ArrayBuffer,
  options?: CdaReadOptions,
): DischargeLetterView {
  try {
    return new CdaReader(xml, options).read();
  } catch (error) {
    if (error instanceof LetterReadError) throw error;
    throw new LetterReadError('unreadable', 'The CDA letter could not be read.', { cause: error });
  }
}

/** A table row an entry points to, with the column headers of its table. */
interface RowInfo {
  headers: string[];
  /** The row's cells by column, with the cells of rows above that span it (`rowspan`). */
  cells: string[];
  /** The row's own cells, as written. */
  own: string[];
}

class CdaReader {
  private readonly warnings: LetterWarning[] = [];
  private readonly ids = new Map<string, XmlElementLike>();
  private readonly unresolved = new Set<string>();
  private readonly grids = new Map<XmlElementLike, Map<XmlElementLike, string[]>>();
  private ns: string | null = CDA_NS;
  private text: string;

  constructor(
    input: string | Uint8Array | ArrayBuffer,
    private readonly options: CdaReadOptions | undefined,
  ) {
    if (typeof input === 'string') {
      checkSize(utf8Length(input), options?.maxBytes);
      this.text = checkEncoding(input, this.warnings);
    } else {
      const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
      checkSize(bytes.byteLength, options?.maxBytes);
      this.text = checkEncoding(decodeXmlBytes(bytes, this.warnings), this.warnings);
    }
  }

  read(): DischargeLetterView {
    if (
      !this.text
        .replace(/^\uFEFF/, '')
        .trimStart()
        .startsWith('<')
    ) {
      throw new LetterReadError('not-xml', 'The content is not XML.');
    }
    const doc = parseXml(this.text, domParserFrom(this.options));
    const root = doc.documentElement;
    if (!root || root.localName !== 'ClinicalDocument') {
      throw new LetterReadError('not-cda', 'The XML is not a CDA ClinicalDocument.');
    }
    if (root.namespaceURI !== CDA_NS) {
      if (root.namespaceURI) {
        throw new LetterReadError('not-cda', `ClinicalDocument in namespace ${root.namespaceURI}.`);
      }
      this.ns = null;
      this.warnings.push({
        code: 'no-namespace',
        message: 'The document has no HL7 v3 namespace; it was read as if it had.',
      });
    }
    this.indexIds(root);

    const header = this.header(root);
    const { essentials, sections } = this.body(root, header);
    inferTreatmentStatuses(
      essentials.dischargeTreatments?.items ?? [],
      essentials.stoppedTreatments?.items ?? [],
      header.admissionDate,
    );
    warnStoppedWithoutReason(essentials.stoppedTreatments?.items ?? [], this.warnings);
    this.checkDates(header);
    if (this.unresolved.size > 0) {
      this.warnings.push({
        code: 'unresolved-reference',
        message: `Entries point to narrative that does not exist: ${[...this.unresolved].join(', ')}.`,
      });
    }
    const view = { source: 'cda' as const, header, essentials, sections, warnings: this.warnings };
    return { ...view, missing: missingItems(view) };
  }

  // -------------------------------------------------------------------------------------------
  // Navigation
  // -------------------------------------------------------------------------------------------

  private isCda(el: XmlElementLike, name: string): boolean {
    return el.localName === name && (el.namespaceURI ?? null) === this.ns;
  }

  private kids(el: XmlNodeLike | undefined, name: string): XmlElementLike[] {
    return el ? elementChildren(el).filter((c) => this.isCda(c, name)) : [];
  }

  private kid(el: XmlNodeLike | undefined, ...path: string[]): XmlElementLike | undefined {
    let current: XmlNodeLike | undefined = el;
    for (const name of path) {
      current = this.kids(current, name)[0];
      if (!current) return undefined;
    }
    return current as XmlElementLike | undefined;
  }

  private attr(el: XmlElementLike | undefined, name: string): string | undefined {
    const value = el?.getAttribute(name);
    return value === null || value === undefined || value.trim() === '' ? undefined : value.trim();
  }

  private xsiType(el: XmlElementLike): string | undefined {
    const value = el.getAttributeNS?.(XSI_NS, 'type') ?? el.getAttribute('xsi:type');
    return value ? value.replace(/^.*:/, '') : undefined;
  }

  private textOf(el: XmlElementLike | undefined): string | undefined {
    if (!el) return undefined;
    const text = elementText(el);
    return text || undefined;
  }

  private indexIds(root: XmlElementLike): void {
    const stack: XmlElementLike[] = [root];
    while (stack.length > 0) {
      const el = stack.pop();
      if (!el) continue;
      const id = el.getAttribute('ID');
      if (id && !this.ids.has(id)) this.ids.set(id, el);
      // One push per child: a spread of a huge table's rows would overflow the call stack.
      for (const child of elementChildren(el)) stack.push(child);
    }
  }

  /** The narrative element a `reference/@value` points to (`#ID`, or `ID` as some letters write it). */
  private referenced(holder: XmlElementLike | undefined): XmlElementLike | undefined {
    const value = this.attr(this.kid(holder, 'reference'), 'value');
    if (!value) return undefined;
    const id = value.replace(/^#/, '');
    const found = id ? this.ids.get(id) : undefined;
    if (!found) this.unresolved.add(value);
    return found;
  }

  private codeOf(el: XmlElementLike | undefined): LabelledCode | undefined {
    const code = this.attr(el, 'code');
    if (!el || !code) return undefined;
    return labelled(code, systemUrl(this.attr(el, 'codeSystem')), this.attr(el, 'displayName'));
  }

  private identifiersOf(el: XmlElementLike | undefined): LetterIdentifier[] {
    return this.kids(el, 'id').flatMap((id) => {
      const root = this.attr(id, 'root');
      const extension = this.attr(id, 'extension');
      if (!root) return [];
      return extension
        ? [{ system: `urn:oid:${root}`, value: extension }]
        : [{ system: 'urn:ietf:rfc:3986', value: `urn:oid:${root}` }];
    });
  }

  private idString(el: XmlElementLike | undefined): string | undefined {
    const root = this.attr(el, 'root');
    if (!root) return undefined;
    const extension = this.attr(el, 'extension');
    return extension ? `${root}^${extension}` : root;
  }

  // -------------------------------------------------------------------------------------------
  // Header
  // -------------------------------------------------------------------------------------------

  private header(root: XmlElementLike): LetterHeader {
    const templates = this.kids(root, 'templateId');
    const ldl = templates.find((t) => this.attr(t, 'root') === LDL_SES_TEMPLATE);
    let model: string;
    if (ldl) {
      const version = this.attr(ldl, 'extension');
      model = version ? `LDL-SES ${version}` : 'LDL-SES';
    } else {
      model = 'CDA';
      this.warnings.push({
        code: 'not-ldl-ses',
        message: `Not an LDL-SES letter (template ${LDL_SES_TEMPLATE}); read as a generic CDA document.`,
      });
    }

    const header: LetterHeader = { model, recipients: [] };
    const title = this.textOf(this.kid(root, 'title'));
    if (title) header.title = title;
    const type = this.codeOf(this.kid(root, 'code'));
    if (type) header.type = type;
    const documentId = this.idString(this.kid(root, 'id'));
    if (documentId) header.documentId = documentId;
    const setId = this.idString(this.kid(root, 'setId'));
    if (setId) header.setId = setId;
    const version = Number(this.attr(this.kid(root, 'versionNumber'), 'value'));
    if (Number.isInteger(version)) header.version = version;
    const date = isoFromTs(this.attr(this.kid(root, 'effectiveTime'), 'value'));
    if (date) header.documentDate = date;
    const language = this.attr(this.kid(root, 'languageCode'), 'code');
    if (language) header.language = language;

    const patient = this.patient(this.kid(root, 'recordTarget', 'patientRole'));
    if (patient) header.patient = patient;

    const author = this.kid(root, 'author', 'assignedAuthor');
    if (author)
      header.author = this.professional(author, 'assignedPerson', 'representedOrganization');
    const legal = this.kid(root, 'legalAuthenticator', 'assignedEntity');
    if (legal)
      header.legalAuthenticator = this.professional(
        legal,
        'assignedPerson',
        'representedOrganization',
      );

    for (const participant of this.kids(root, 'participant')) {
      const entity = this.kid(participant, 'associatedEntity');
      if (!entity) continue;
      const fn = this.attr(this.kid(participant, 'functionCode'), 'code');
      const typeCode = this.attr(participant, 'typeCode');
      if (fn === 'PCP' && !header.generalPractitioner) {
        header.generalPractitioner = this.professional(
          entity,
          'associatedPerson',
          'scopingOrganization',
        );
      } else if ((typeCode === 'REFB' || typeCode === 'REF') && !header.referringDoctor) {
        header.referringDoctor = this.professional(
          entity,
          'associatedPerson',
          'scopingOrganization',
        );
      }
    }
    for (const recipient of this.kids(root, 'informationRecipient')) {
      const intended = this.kid(recipient, 'intendedRecipient');
      if (intended) {
        header.recipients.push(
          this.professional(intended, 'informationRecipient', 'receivedOrganization'),
        );
      }
    }

    const custodian = this.organization(
      this.kid(root, 'custodian', 'assignedCustodian', 'representedCustodianOrganization'),
    );
    const authorOrg = header.author?.organization;
    const facility = custodian ?? authorOrg;
    if (facility) {
      if (
        !facility.finess &&
        authorOrg?.finess &&
        (!facility.name || facility.name === authorOrg.name)
      ) {
        facility.finess = authorOrg.finess;
      }
      const encounter = this.kid(root, 'componentOf', 'encompassingEncounter');
      const setting = this.codeOf(this.kid(encounter, 'location', 'healthCareFacility', 'code'));
      if (setting) facility.setting = setting;
      header.facility = facility;
    }

    const serviceEvent = this.kid(root, 'documentationOf', 'serviceEvent');
    const encounter = this.kid(root, 'componentOf', 'encompassingEncounter');
    const unit =
      this.textOf(
        this.kid(serviceEvent, 'performer', 'assignedEntity', 'representedOrganization', 'name'),
      ) ??
      this.textOf(
        this.kid(
          encounter,
          'location',
          'healthCareFacility',
          'serviceProviderOrganization',
          'name',
        ),
      ) ??
      this.textOf(
        this.kid(
          encounter,
          'responsibleParty',
          'assignedEntity',
          'representedOrganization',
          'name',
        ),
      ) ??
      this.textOf(this.kid(encounter, 'location', 'healthCareFacility', 'location', 'name'));
    if (unit) header.unit = unit;

    const stay = this.kid(serviceEvent, 'effectiveTime');
    const encounterTime = this.kid(encounter, 'effectiveTime');
    const admission =
      isoFromTs(this.attr(this.kid(stay, 'low'), 'value')) ??
      isoFromTs(this.attr(this.kid(encounterTime, 'low'), 'value')) ??
      isoFromTs(this.attr(encounterTime, 'value'));
    const discharge =
      isoFromTs(this.attr(this.kid(stay, 'high'), 'value')) ??
      isoFromTs(this.attr(this.kid(encounterTime, 'high'), 'value'));
    if (admission) header.admissionDate = admission;
    if (discharge) header.dischargeDate = discharge;
    const days = daysBetween(admission, discharge);
    if (days !== undefined) header.lengthOfStayDays = days;
    const stayType = this.codeOf(this.kid(serviceEvent, 'code'));
    if (stayType) header.stayType = stayType;
    return header;
  }

  private patient(role: XmlElementLike | undefined): LetterPatient | undefined {
    if (!role) return undefined;
    const person = this.kid(role, 'patient');
    const patient: LetterPatient = {
      name: this.personName(this.kid(person, 'name')) ?? { text: '' },
      identifiers: this.identifiersOf(role),
    };
    for (const id of this.kids(role, 'id')) {
      const root = this.attr(id, 'root');
      const value = this.attr(id, 'extension');
      const ins = root ? INS_SYSTEMS[root] : undefined;
      if (ins && value) {
        patient.ins = { value, system: `urn:oid:${root}`, ...ins };
        break;
      }
    }
    const birthDate = isoFromTs(this.attr(this.kid(person, 'birthTime'), 'value'));
    if (birthDate) patient.birthDate = birthDate;
    const gender = this.attr(this.kid(person, 'administrativeGenderCode'), 'code');
    if (gender)
      patient.sex =
        gender === 'F' ? 'female' : gender === 'M' ? 'male' : gender === 'U' ? 'unknown' : 'other';
    return patient;
  }

  /**
   * A CDA name. French INS names use qualifiers: `BR` birth name / birth first name, `CL` used
   * name, `SP` spouse name. The used name is `CL`, else `BR`, else the first unqualified part.
   */
  private personName(name: XmlElementLike | undefined): LetterPersonName | undefined {
    if (!name) return undefined;
    const parts = (tag: string) =>
      this.kids(name, tag).map((el) => ({
        q: this.attr(el, 'qualifier'),
        v: this.textOf(el) ?? '',
      }));
    const families = parts('family').filter((p) => p.v);
    const givens = parts('given').filter((p) => p.v);
    const pick = (list: { q: string | undefined; v: string }[]) =>
      list.find((p) => p.q === 'CL')?.v ??
      list.find((p) => p.q === 'BR')?.v ??
      list.find((p) => !p.q)?.v ??
      list[0]?.v;
    const out: LetterPersonName = { text: '' };
    const given = pick(givens);
    const family = pick(families);
    if (given) out.given = given;
    if (family) out.family = family;
    const prefix = this.textOf(this.kid(name, 'prefix'));
    const suffix = this.textOf(this.kid(name, 'suffix'));
    if (prefix) out.prefix = prefix;
    if (suffix) out.suffix = suffix;
    const birthFamily = families.find((p) => p.q === 'BR')?.v;
    if (birthFamily) out.birthFamily = birthFamily;
    const birthFirst = givens.find((p) => p.q === 'BR')?.v;
    if (birthFamily || birthFirst) {
      const unqualified = givens.filter((p) => !p.q).map((p) => p.v);
      const all = unqualified.join(' ');
      const birthGivens =
        birthFirst && !all.startsWith(birthFirst)
          ? [birthFirst, ...unqualified].join(' ')
          : all || birthFirst;
      if (birthGivens) out.birthGivens = birthGivens;
    }
    out.text = [given, family].filter(Boolean).join(' ') || this.textOf(name) || '';
    return out;
  }

  private professional(
    entity: XmlElementLike,
    personTag: string,
    orgTag: string,
  ): LetterProfessional {
    const pro: LetterProfessional = { phones: this.phonesOf(entity) };
    const name = this.personName(this.kid(entity, personTag, 'name'));
    if (name?.text) pro.name = name;
    for (const id of this.kids(entity, 'id')) {
      const extension = this.attr(id, 'extension');
      if (this.attr(id, 'root') === IDNPS_OID && extension) {
        pro.idnps = extension;
        const rpps = rppsFromIdnps(extension);
        if (rpps) pro.rpps = rpps;
      }
    }
    const code = this.kid(entity, 'code');
    const codeValue = this.attr(code, 'code');
    if (codeValue) {
      const { profession, specialty } = professionAndSpecialty(
        codeValue,
        this.attr(code, 'displayName'),
      );
      if (profession) pro.profession = profession;
      if (specialty) pro.specialty = specialty;
    }
    const organization = this.organization(this.kid(entity, orgTag));
    if (organization) pro.organization = organization;
    return pro;
  }

  private organization(el: XmlElementLike | undefined): LetterOrganization | undefined {
    if (!el) return undefined;
    const org: LetterOrganization = { identifiers: this.identifiersOf(el) };
    const name = this.textOf(this.kid(el, 'name'));
    if (name) org.name = name;
    const finess = this.kids(el, 'id').find((id) => this.attr(id, 'root') === FINESS_OID);
    const value = this.attr(finess, 'extension');
    if (value) org.finess = value;
    const phones = this.phonesOf(el);
    if (phones.length > 0) org.phones = phones;
    return org.name || org.finess ? org : undefined;
  }

  private phonesOf(el: XmlElementLike): string[] {
    return this.kids(el, 'telecom')
      .map((t) => this.attr(t, 'value'))
      .filter((v): v is string => v !== undefined && /^tel:/i.test(v))
      .map((v) => v.replace(/^tel:/i, ''));
  }

  private checkDates(header: LetterHeader): void {
    const pairs: [LetterCodedText | undefined, string | undefined, string][] = [
      [header.admissionMode, header.admissionDate, 'Admission mode'],
      [header.dischargeMode, header.dischargeDate, 'Discharge mode'],
    ];
    const found = pairs
      .filter(([mode, date]) => mode?.date && date && datePart(mode.date) !== datePart(date))
      .map(
        ([mode, date, label]) =>
          `${label} is dated ${mode?.date} but the stay says ${datePart(date)}`,
      );
    if (found.length > 0) {
      this.warnings.push({ code: 'inconsistent-dates', message: `${found.join('; ')}.` });
    }
  }

  // -------------------------------------------------------------------------------------------
  // Body
  // -------------------------------------------------------------------------------------------

  private body(
    root: XmlElementLike,
    header: LetterHeader,
  ): { essentials: LetterEssentials; sections: LetterSection[] } {
    const essentials: LetterEssentials = {};
    const sections: LetterSection[] = [];
    const body = this.kid(root, 'component', 'structuredBody');
    for (const component of this.kids(body, 'component')) {
      const section = this.kid(component, 'section');
      if (!section) continue;
      this.readSection(section, header, essentials, sections);
    }
    return { essentials, sections };
  }

  private sectionRef(section: XmlElementLike): LetterSectionRef {
    const templateIds = this.kids(section, 'templateId')
      .map((t) => this.attr(t, 'root'))
      .filter((t): t is string => t !== undefined);
    const code = this.attr(this.kid(section, 'code'), 'code');
    const { kind, templateId } = sectionKind(templateIds, code);
    const ref: LetterSectionRef = { kind, templateIds };
    if (code) ref.code = code;
    if (templateId) ref.templateId = templateId;
    const title = this.textOf(this.kid(section, 'title'));
    if (title) ref.title = title;
    return ref;
  }

  private entries(section: XmlElementLike): XmlElementLike[] {
    return this.kids(section, 'entry').flatMap((entry) =>
      elementChildren(entry).filter((c) => (c.namespaceURI ?? null) === this.ns),
    );
  }

  private readSection(
    section: XmlElementLike,
    header: LetterHeader,
    essentials: LetterEssentials,
    others: LetterSection[],
  ): void {
    const ref = this.sectionRef(section);
    const textEl = this.kid(section, 'text');
    const narrative = textEl ? narrativeFromCda(textEl, this.ns, this.warnings) : [];
    const entries = this.entries(section);
    const observations = entries
      .filter((e) => this.isCda(e, 'observation'))
      .map((o) => this.observation(o))
      .filter((o): o is LetterObservation => o !== undefined);
    this.readModes(observations, header);
    /** Reads the sub-sections into `into` (a key section's go where the key section would have). */
    const readSubsections = (into: LetterSection[]): void => {
      for (const component of this.kids(section, 'component')) {
        const child = this.kid(component, 'section');
        if (child) this.readSection(child, header, essentials, into);
      }
    };

    switch (ref.kind) {
      case 'document-status': {
        const status = observations[0];
        if (status) {
          const value: LetterCodedText = {};
          if (status.valueCode) value.code = status.valueCode;
          const text = status.text ?? status.valueCode?.display;
          if (text) value.text = text;
          header.documentStatus = value;
        }
        readSubsections(others);
        return;
      }
      case 'reason':
        if (!essentials.reason) {
          essentials.reason = {
            section: ref,
            narrative,
            text: narrativeToText(narrative),
            codes: [],
          };
          readSubsections(others);
          return;
        }
        break;
      case 'discharge-treatments':
      case 'stopped-treatments': {
        const key =
          ref.kind === 'discharge-treatments' ? 'dischargeTreatments' : 'stoppedTreatments';
        if (essentials[key]) break;
        const items = entries
          .filter((e) => this.isCda(e, 'substanceAdministration'))
          .map((sa) => this.treatment(sa, ref.kind === 'stopped-treatments'));
        essentials[key] = { section: ref, narrative, items, structured: items.length > 0 };
        readSubsections(others);
        return;
      }
      case 'pending-results':
        if (!essentials.pendingResults) {
          essentials.pendingResults = this.pending(ref, narrative, entries);
          readSubsections(others);
          return;
        }
        break;
      case 'follow-up':
        if (!essentials.followUp) {
          essentials.followUp = this.followUp(ref, narrative, entries);
          readSubsections(others);
          return;
        }
        break;
      default:
        break;
    }
    const subsections: LetterSection[] = [];
    readSubsections(subsections);
    others.push({ ...ref, narrative, observations, subsections });
  }

  /** A simple observation (code + value), with the narrative it points to. */
  private observation(obs: XmlElementLike): LetterObservation | undefined {
    const code = this.codeOf(this.kid(obs, 'code'));
    if (!code) return undefined;
    const out: LetterObservation = { code };
    const text = this.textOf(this.referenced(this.kid(obs, 'text')));
    if (text) out.text = text;
    const value = this.kid(obs, 'value');
    if (value) {
      const type = this.xsiType(value) ?? '';
      if (type === 'BL') {
        const raw = this.attr(value, 'value');
        if (raw === 'true' || raw === 'false') out.valueBoolean = raw === 'true';
      } else if (['CD', 'CE', 'CV', 'CO', 'CS'].includes(type)) {
        const coded = this.codeOf(value);
        if (coded) out.valueCode = coded;
        else {
          const original = this.textOf(this.referenced(this.kid(value, 'originalText')));
          if (original) out.valueText = original;
        }
      } else if (type === 'PQ') {
        const v = this.attr(value, 'value');
        if (v) out.valueText = formatQuantity(v, this.attr(value, 'unit'));
      } else if (type === 'TS') {
        const ts = isoFromTs(this.attr(value, 'value'));
        if (ts) out.valueText = ts;
      } else {
        const v = this.textOf(value) ?? this.attr(value, 'value');
        if (v) out.valueText = v;
      }
    }
    const time = this.kid(obs, 'effectiveTime');
    const date =
      isoFromTs(this.attr(time, 'value')) ?? isoFromTs(this.attr(this.kid(time, 'low'), 'value'));
    if (date) out.date = date;
    return out;
  }

  /** Admission and discharge modes are LDL-SES observations (TA_ASIP ORG-070 / ORG-074), in any section. */
  private readModes(observations: LetterObservation[], header: LetterHeader): void {
    for (const obs of observations) {
      const target =
        obs.code.code === ADMISSION_MODE
          ? 'admissionMode'
          : obs.code.code === DISCHARGE_MODE
            ? 'dischargeMode'
            : undefined;
      if (!target || header[target]) continue;
      const mode: LetterCodedText = {};
      if (obs.valueCode) mode.code = obs.valueCode;
      const text = obs.text ?? obs.valueText;
      if (text) mode.text = text;
      if (obs.date) mode.date = obs.date;
      if (mode.code || mode.text) header[target] = mode;
    }
  }

  // -------------------------------------------------------------------------------------------
  // Treatments
  // -------------------------------------------------------------------------------------------

  /** The table row (and its table's column headers) a narrative element sits in. */
  private rowOf(el: XmlElementLike | undefined): RowInfo | undefined {
    let node: XmlNodeLike | null | undefined = el;
    while (node && !(node.nodeType === 1 && this.isCda(node as XmlElementLike, 'tr'))) {
      const element = node as XmlElementLike;
      if (node.nodeType === 1 && (this.isCda(element, 'text') || this.isCda(element, 'section')))
        return undefined;
      node = node.parentNode;
    }
    if (!node) return undefined;
    const tr = node as XmlElementLike;
    let table: XmlNodeLike | null = tr.parentNode;
    while (table && !(table.nodeType === 1 && this.isCda(table as XmlElementLike, 'table')))
      table = table.parentNode;
    const own = elementChildren(tr)
      .filter((c) => this.isCda(c, 'td') || this.isCda(c, 'th'))
      .map((c) => this.textOf(c) ?? '');
    const group = tr.parentNode as XmlElementLike | null;
    const cells = (group && this.rowGrid(group).get(tr)) ?? own;
    const headRows = table ? this.kids(table, 'thead').flatMap((h) => this.kids(h, 'tr')) : [];
    const lastHead = headRows[headRows.length - 1];
    const thead = lastHead?.parentNode as XmlElementLike | null | undefined;
    const headers = (lastHead && thead && this.rowGrid(thead).get(lastHead)) ?? [];
    return { headers, cells, own };
  }

  /**
   * The cells of each row of a row group (`thead`, `tbody`, `tfoot` or a `table` holding its rows),
   * placed in columns as a browser does: a cell spanning rows (`rowspan`) counts in each of them,
   * with its text; the extra columns of a `colspan` are empty. Cached per group.
   */
  private rowGrid(group: XmlElementLike): Map<XmlElementLike, string[]> {
    const cached = this.grids.get(group);
    if (cached) return cached;
    const grid = new Map<XmlElementLike, string[]>();
    const span = (cell: XmlElementLike, name: string, max: number): number =>
      Math.min(Math.max(Math.floor(Number(this.attr(cell, name) ?? '1')) || 1, 1), max);
    /** Per column: the text of a cell spanning from a row above, and how many rows it still covers. */
    const carried: ({ text: string; rows: number } | undefined)[] = [];
    for (const tr of this.kids(group, 'tr')) {
      const row: string[] = [];
      let col = 0;
      const takeCarried = (): void => {
        for (let c = carried[col]; c && c.rows > 0; c = carried[col]) {
          row[col] = c.text;
          c.rows -= 1;
          col += 1;
        }
      };
      for (const cell of elementChildren(tr)) {
        if (!this.isCda(cell, 'td') && !this.isCda(cell, 'th')) continue;
        takeCarried();
        const text = this.textOf(cell) ?? '';
        const colspan = span(cell, 'colspan', 50);
        const rowspan = span(cell, 'rowspan', 1000);
        for (let k = 0; k < colspan; k++) {
          row[col + k] = k === 0 ? text : '';
          carried[col + k] =
            rowspan > 1 ? { text: k === 0 ? text : '', rows: rowspan - 1 } : undefined;
        }
        col += colspan;
      }
      for (; col < carried.length; col++) {
        const c = carried[col];
        if (c && c.rows > 0) {
          row[col] = c.text;
          c.rows -= 1;
        }
      }
      grid.set(
        tr,
        Array.from(row, (text) => text ?? ''),
      );
    }
    this.grids.set(group, grid);
    return grid;
  }

  /** A cell of the row by its column header (fallback when the entry does not code the value). */
  private column(row: RowInfo | undefined, pattern: RegExp): string | undefined {
    if (!row) return undefined;
    const index = row.headers.findIndex((h) => pattern.test(h));
    const value = index >= 0 ? row.cells[index]?.trim() : undefined;
    return value || undefined;
  }

  private treatment(sa: XmlElementLike, stopped: boolean): Treatment {
    const material = this.kid(sa, 'consumable', 'manufacturedProduct', 'manufacturedMaterial');
    const codeEl = this.kid(material, 'code');
    const referenced = this.referenced(this.kid(sa, 'text'));
    const row = this.rowOf(referenced);
    const code = this.codeOf(codeEl);
    const name =
      this.textOf(this.kid(material, 'name')) ??
      code?.display ??
      this.textOf(this.referenced(this.kid(codeEl, 'originalText'))) ??
      this.textOf(referenced) ??
      code?.code ??
      '';
    const treatment: Treatment = {
      name,
      translations: this.kids(codeEl, 'translation')
        .map((t) => this.codeOf(t))
        .filter((c): c is LabelledCode => c !== undefined),
    };
    if (code) treatment.code = code;
    const text = row ? row.own.filter((c) => c.trim()).join(' | ') : this.textOf(referenced);
    if (text) treatment.text = text;

    for (const time of this.kids(sa, 'effectiveTime')) {
      const type = this.xsiType(time);
      const period = this.kid(time, 'period');
      const event = this.attr(this.kid(time, 'event'), 'code');
      if (type === 'PIVL_TS' || (!type && period)) {
        const value = this.attr(period, 'value');
        const unit = this.attr(period, 'unit');
        const frequency = value && unit ? formatPeriod(value, unit) : undefined;
        if (frequency && !treatment.frequency) treatment.frequency = frequency;
      } else if (type === 'EIVL_TS' || (!type && event)) {
        const words = event ? (TIMING_EVENTS[event] ?? event) : undefined;
        if (words)
          treatment.frequency = treatment.frequency ? `${treatment.frequency}, ${words}` : words;
      } else {
        const start =
          isoFromTs(this.attr(this.kid(time, 'low'), 'value')) ??
          isoFromTs(this.attr(time, 'value'));
        const end = isoFromTs(this.attr(this.kid(time, 'high'), 'value'));
        if (start) treatment.start = start;
        if (end) treatment.end = end;
        const width = this.kid(time, 'width');
        const widthValue = this.attr(width, 'value');
        if (widthValue) treatment.duration = formatDuration(widthValue, this.attr(width, 'unit'));
      }
    }

    const doseEl = this.kid(sa, 'doseQuantity');
    const quantity = (el: XmlElementLike | undefined) => {
      const value = this.attr(el, 'value');
      if (!value) return undefined;
      const unit = this.attr(el, 'unit');
      return unit ? { value, unit } : { value };
    };
    const dose = quantity(doseEl)
      ? formatRange(quantity(doseEl), undefined)
      : formatRange(quantity(this.kid(doseEl, 'low')), quantity(this.kid(doseEl, 'high')));
    const route =
      this.attr(this.kid(sa, 'routeCode'), 'displayName') ??
      this.attr(this.kid(sa, 'routeCode'), 'code');

    // Fallbacks from the narrative row, by column header, when the entry does not code the value.
    const resolvedDose = dose ?? this.column(row, /^(dose|posologie)(?!\s*max)/i);
    if (resolvedDose) treatment.dose = resolvedDose;
    const resolvedRoute = route ?? this.column(row, /^voie|route/i);
    if (resolvedRoute) treatment.route = resolvedRoute;
    const frequency = treatment.frequency ?? this.column(row, /fr[ée]quence|frequency/i);
    if (frequency) treatment.frequency = frequency;
    const asNeeded = this.asNeededOf(sa);
    if (asNeeded && !treatment.frequency?.toLowerCase().includes(asNeeded.toLowerCase()))
      treatment.frequency = treatment.frequency ? `${treatment.frequency}, ${asNeeded}` : asNeeded;
    const duration = treatment.duration ?? this.column(row, /dur[ée]e|duration/i);
    if (duration) treatment.duration = duration;

    const reason = this.reasonOf(sa);
    const comment = this.column(row, /commentaire|comment|remarque|motif|raison|reason/i);
    if (reason) treatment.reason = reason;
    else if (stopped && comment) treatment.reason = comment;
    if (comment && comment !== treatment.reason) treatment.comment = comment;

    const statusText = this.column(row, /^(statut|status|[ée]volution)/i);
    const stated = statusText ? statusFromText(statusText) : undefined;
    if (stopped) treatment.status = 'stopped';
    else if (stated) treatment.status = stated;
    return treatment;
  }

  /**
   * The condition of an "as needed" dose (`precondition/criterion`), worded as the FHIR reader
   * words `asNeeded`: as written when it starts with "si" (`si douleur`), else `si besoin (fièvre)`,
   * else `si besoin`; undefined when the entry has no precondition.
   */
  private asNeededOf(sa: XmlElementLike): string | undefined {
    const preconditions = this.kids(sa, 'precondition');
    if (preconditions.length === 0) return undefined;
    const conditions = preconditions
      .map((precondition) => {
        const criterion = this.kid(precondition, 'criterion');
        if (!criterion) return undefined;
        return (
          this.entryText(criterion) ??
          this.textOf(this.kid(criterion, 'value')) ??
          this.attr(this.kid(criterion, 'value'), 'displayName')
        );
      })
      .filter((text): text is string => text !== undefined)
      .map((text) => (/^si\b/i.test(text) ? text : `si besoin (${text})`));
    return conditions.length > 0 ? conditions.join(', ') : 'si besoin';
  }

  /** The reason of an entry (`entryRelationship` typeCode RSON): its narrative, value or code. */
  private reasonOf(entry: XmlElementLike): string | undefined {
    for (const relation of this.kids(entry, 'entryRelationship')) {
      if (this.attr(relation, 'typeCode') !== 'RSON') continue;
      for (const target of elementChildren(relation)) {
        const text =
          this.textOf(this.referenced(this.kid(target, 'text'))) ??
          this.textOf(this.kid(target, 'text')) ??
          this.textOf(this.kid(target, 'value')) ??
          this.attr(this.kid(target, 'value'), 'displayName') ??
          this.attr(this.kid(target, 'code'), 'displayName');
        if (text) return text;
      }
    }
    return undefined;
  }

  // -------------------------------------------------------------------------------------------
  // Pending results and follow-up
  // -------------------------------------------------------------------------------------------

  /** The words of an entry: its referenced narrative, its own text, a string value, its code's label. */
  private entryText(entry: XmlElementLike): string | undefined {
    const value = this.kid(entry, 'value');
    const valueType = value ? this.xsiType(value) : undefined;
    return (
      this.textOf(this.referenced(this.kid(entry, 'text'))) ??
      (this.kid(entry, 'text', 'reference') ? undefined : this.textOf(this.kid(entry, 'text'))) ??
      (valueType === 'ST' || valueType === 'ED' ? this.textOf(value) : undefined) ??
      this.attr(this.kid(entry, 'code'), 'displayName')
    );
  }

  private entryDate(entry: XmlElementLike): string | undefined {
    const time = this.kid(entry, 'effectiveTime');
    return (
      isoFromTs(this.attr(time, 'value')) ?? isoFromTs(this.attr(this.kid(time, 'low'), 'value'))
    );
  }

  private pending(
    ref: LetterSectionRef,
    narrative: LetterBlock<PendingResult>['narrative'],
    entries: XmlElementLike[],
  ): LetterBlock<PendingResult> {
    const items: PendingResult[] = [];
    for (const entry of entries) {
      const text = this.entryText(entry);
      if (!text) continue;
      const item: PendingResult = { text };
      const code = this.codeOf(this.kid(entry, 'code'));
      if (code) item.code = code;
      const date = this.entryDate(entry);
      if (date) item.date = date;
      items.push(item);
    }
    if (items.length > 0) return { section: ref, narrative, items, structured: true };
    return {
      section: ref,
      narrative,
      items: narrativeItems(narrative).map((text) => ({ text })),
      structured: false,
    };
  }

  private followUp(
    ref: LetterSectionRef,
    narrative: LetterBlock<FollowUpItem>['narrative'],
    entries: XmlElementLike[],
  ): LetterBlock<FollowUpItem> {
    const kinds: Record<string, FollowUpKind> = {
      procedure: 'act',
      observation: 'exam',
      encounter: 'appointment',
      act: 'recommendation',
    };
    const items: FollowUpItem[] = [];
    for (const entry of entries) {
      const text = this.entryText(entry);
      if (!text) continue;
      const item: FollowUpItem = { kind: kinds[entry.localName ?? ''] ?? 'other', text };
      const code = this.codeOf(this.kid(entry, 'code'));
      if (code) item.code = code;
      const date = this.entryDate(entry);
      if (date) item.date = date;
      const priority = this.kid(entry, 'priorityCode');
      const priorityText = this.attr(priority, 'displayName') ?? this.attr(priority, 'code');
      if (priorityText) item.priority = priorityText;
      items.push(item);
    }
    if (items.length > 0) return { section: ref, narrative, items, structured: true };
    const fromText = narrativeItems(narrative).map((text): FollowUpItem => ({
      kind: 'other',
      text,
    }));
    return { section: ref, narrative, items: fromText, structured: false };
  }
}

/** "Unchanged" in words (tested first: "non modifié" is not "modifié"). */
const UNCHANGED =
  /^(inchange|non modifie|sans (changement|modification)|pas de (changement|modification)|identique|unchanged)/;

/**
 * A treatment status stated in words (a "Statut" column), from the start of the text only:
 * "Poursuivi, arrêt prévu le 10/12" is continued, "Non arrêté" is not clearly anything.
 */
function statusFromText(text: string): Treatment['status'] {
  const t = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
  if (UNCHANGED.test(t)) return 'continued';
  if (/^(non|pas|sans|not|no)\b/.test(t)) return undefined;
  if (/^(arret|stoppe|stop|interrompu|suspendu)/.test(t)) return 'stopped';
  if (/^nouvel(le)? (posologie|dose)/.test(t)) return 'modified';
  if (/^(modifi|adapt|chang|augment|diminu|reduit|reduction)/.test(t)) return 'modified';
  if (/^(nouveau|nouvelle|introdu|initi|new)/.test(t)) return 'new';
  if (/^(poursuivi|continu|maintenu|reconduit)/.test(t)) return 'continued';
  return undefined;
}

const DURATION_UNITS: Record<string, [string, string]> = {
  h: ['heure', 'heures'],
  d: ['jour', 'jours'],
  wk: ['semaine', 'semaines'],
  mo: ['mois', 'mois'],
  a: ['an', 'ans'],
};

function formatDuration(value: string, unit: string | undefined): string {
  const words = unit ? DURATION_UNITS[unit] : undefined;
  if (!words) return formatQuantity(value, unit);
  return `${value} ${Number(value) > 1 ? words[1] : words[0]}`;
}
