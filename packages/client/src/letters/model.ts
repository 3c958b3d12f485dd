/**
 * The normalised discharge-letter view model ("lettre de liaison de sortie").
 *
 * One shape for every source — a CDA R2 document of the ANS model LDL-SES, an HL7 Europe Hospital
 * Discharge Report (FHIR document Bundle), or a PDF — so that an element renders a letter without
 * knowing where it came from. Sections are recognised by **template OID and LOINC code, never by
 * their titles** (titles are free text and vary from one hospital to the next).
 *
 * ## Sanitising design: no HTML string, ever
 * Section text is not HTML. CDA narrative blocks, FHIR XHTML (`text.div`) and Composition section
 * text are turned into a {@link NarrativeNode} tree by an **allow-list walk** of the parsed XML:
 * - only the elements listed in {@link NarrativeNode} are kept; any other element is dropped, its
 *   text kept as plain text (except `script` and `style`, dropped with their content);
 * - no attribute is ever copied, except the few the tree models as typed values: list order,
 *   `colspan`/`rowspan` (as numbers), `styleCode` (as a closed {@link NarrativeStyle} enum) and link
 *   targets (`href`, kept only when it is an absolute `http:`/`https:` URL; any other link is
 *   rendered as its text);
 * - text is stored as text: `&lt;script&gt;` stays the five characters `<script>`.
 *
 * The elements render this tree with Lit **text bindings** (`${node.text}`) and fixed templates per
 * node kind, so no markup from the letter is ever parsed by the browser. For that reason
 * **DOMPurify (or any HTML sanitiser) is not needed for letters**: there is no HTML string to
 * sanitise, and no attribute, URL scheme or element from the document reaches the page unless it
 * is one of the typed values above.
 *
 * @module
 */
import type { LabelledCode } from '../model.js';

/** Where a view was read from. */
export type LetterSourceKind = 'cda' | 'fhir' | 'pdf';

// ---------------------------------------------------------------------------------------------
// Narrative tree
// ---------------------------------------------------------------------------------------------

/** Text styles kept from CDA `styleCode` (`Bold`, `Italics`/`Emphasis`, `Underline`) or XHTML `b`/`i`/`u`. */
export type NarrativeStyle = 'bold' | 'italics' | 'underline';

/** Plain text. Render with a text binding. */
export interface NarrativeText {
  kind: 'text';
  text: string;
}

/** A paragraph (CDA `paragraph`, XHTML `p`, headings). */
export interface NarrativeParagraph {
  kind: 'paragraph';
  children: NarrativeNode[];
}

/** One item of a {@link NarrativeList}. */
export interface NarrativeListItem {
  children: NarrativeNode[];
}

/** A list (CDA `list` with `listType`, XHTML `ul`/`ol`). */
export interface NarrativeList {
  kind: 'list';
  ordered: boolean;
  caption?: NarrativeNode[];
  items: NarrativeListItem[];
}

/** One cell of a table row. */
export interface NarrativeTableCell {
  /** True for `th`. */
  header: boolean;
  /** Positive integer (1–1000) when given. */
  colspan?: number;
  /** Positive integer (1–1000) when given. */
  rowspan?: number;
  children: NarrativeNode[];
}

/** One row of a table. */
export interface NarrativeTableRow {
  cells: NarrativeTableCell[];
}

/** A table. Rows outside `thead`/`tfoot` (several `tbody`, bare `tr`) are all in `body`. */
export interface NarrativeTable {
  kind: 'table';
  caption?: NarrativeNode[];
  head: NarrativeTableRow[];
  body: NarrativeTableRow[];
  foot: NarrativeTableRow[];
}

/** Styled inline content (CDA `content`, XHTML `b`/`strong`/`i`/`em`/`u`). */
export interface NarrativeContent {
  kind: 'content';
  styles: NarrativeStyle[];
  children: NarrativeNode[];
}

/** A line break. */
export interface NarrativeBreak {
  kind: 'br';
}

/** Subscript or superscript. */
export interface NarrativeScript {
  kind: 'sub' | 'sup';
  children: NarrativeNode[];
}

/** A caption inside a paragraph (table and list captions are their `caption` property). */
export interface NarrativeCaption {
  kind: 'caption';
  children: NarrativeNode[];
}

/** A footnote (CDA `footnote`). */
export interface NarrativeFootnote {
  kind: 'footnote';
  children: NarrativeNode[];
}

/**
 * A hyperlink. `href` is always an absolute `http:` or `https:` URL (normalised by `URL`); a link
 * with any other target (`javascript:`, `data:`, relative…) is not a link node: its text is kept.
 */
export interface NarrativeLink {
  kind: 'link';
  href: string;
  children: NarrativeNode[];
}

/**
 * An image of the letter (XHTML `img`, CDA `renderMultiMedia`), never loaded: the place where it
 * was, with its description (`alt`, or the CDA caption) when it has one, so that nothing of the
 * letter disappears silently.
 */
export interface NarrativeImage {
  kind: 'image';
  alt?: string;
}

/** A node of the safe narrative tree. See the module documentation for the sanitising design. */
export type NarrativeNode =
  | NarrativeText
  | NarrativeParagraph
  | NarrativeList
  | NarrativeTable
  | NarrativeContent
  | NarrativeBreak
  | NarrativeScript
  | NarrativeCaption
  | NarrativeFootnote
  | NarrativeLink
  | NarrativeImage;

// ---------------------------------------------------------------------------------------------
// Header
// ---------------------------------------------------------------------------------------------

/** An identifier: `system` is a URL or `urn:oid:…`. */
export interface LetterIdentifier {
  system: string;
  value: string;
}

/** A person's name, as parts (format with the host's locale conventions) and a plain display text. */
export interface LetterPersonName {
  /** Display text: used given name and used family name (e.g. `DOMINIQUE PAT-TROIS`). */
  text: string;
  /** Prefix as written (`M`, `MME`…). */
  prefix?: string;
  /** Used first name (CDA qualifier `CL`, else the birth first name). */
  given?: string;
  /** Used family name (CDA qualifier `CL`, else the birth name). */
  family?: string;
  /** Suffix as written; French CDA puts titles here (`DR`, `PR`). */
  suffix?: string;
  /** Birth family name (INS "nom de naissance", CDA qualifier `BR`). */
  birthFamily?: string;
  /** Birth given names (INS "prénoms de naissance"), space separated. */
  birthGivens?: string;
}

/** An organisation (facility, practice). */
export interface LetterOrganization {
  name?: string;
  /** FINESS number (as written; the ANS examples prefix it with `1`). */
  finess?: string;
  identifiers: LetterIdentifier[];
  /** Category of the facility, when given (CDA `healthCareFacility/code`, FHIR `Organization.type`). */
  setting?: LabelledCode;
  /**
   * Phone numbers of the organisation, as written without their `tel:` prefix (CDA `telecom`,
   * FHIR `Organization.telecom`): how a professional reaches the service that wrote the letter.
   */
  phones?: string[];
}

/** A health professional (author, GP, referring doctor, recipient…). */
export interface LetterProfessional {
  /** Absent for a recipient that is an organisation only. */
  name?: LetterPersonName;
  /** RPPS number (11 digits), derived from an IDNPS (`8` + RPPS) or an RPPS identifier. */
  rpps?: string;
  /** National id (IDNPS, OID 1.2.250.1.71.4.2.1) as written. */
  idnps?: string;
  /** Profession (TRE_G15), e.g. `10` Médecin. */
  profession?: LabelledCode;
  /** Specialty (TRE_R38), e.g. `SM26` Médecine générale. */
  specialty?: LabelledCode;
  /** Where they practise. */
  organization?: LetterOrganization;
  /** Phone numbers (without `tel:`). */
  phones: string[];
}

/** The patient. */
export interface LetterPatient {
  name: LetterPersonName;
  /** The INS (national health identity), when present. */
  ins?: {
    value: string;
    /** `urn:oid:1.2.250.1.213.1.4.8` (INS-NIR), `….4.10` (test INS-NIR), `….4.9`/`….4.11` (INS-NIA). */
    system: string;
    kind: 'INS-NIR' | 'INS-NIA';
    /** True for the test OIDs (ANS examples, demo seed). */
    test: boolean;
  };
  /** Every identifier (INS, local IPP…). */
  identifiers: LetterIdentifier[];
  /** ISO date `YYYY-MM-DD` (or shorter when the source is less precise). */
  birthDate?: string;
  sex?: 'female' | 'male' | 'other' | 'unknown';
}

/** A coded and/or stated value (admission mode, discharge mode, document status…). */
export interface LetterCodedText {
  code?: LabelledCode;
  /** The words of the letter (narrative text the entry points to, or the value as written). */
  text?: string;
  /** ISO date of the statement, when given. */
  date?: string;
}

/** Header of the letter: who, where, when. */
export interface LetterHeader {
  /** Document title as written. */
  title?: string;
  /** Document type (LOINC `11490-0`, `34105-7`…). */
  type?: LabelledCode;
  /** Document id (`root^extension`, `root`, or the FHIR identifier value). */
  documentId?: string;
  /** Id shared by every version of the document (CDA `setId`). */
  setId?: string;
  /** Version number (CDA `versionNumber`, FHIR `meta.versionId` when numeric). */
  version?: number;
  /** Document date (ISO). */
  documentDate?: string;
  /** Document model: `LDL-SES 2022.01`, `LDL-SES 2020.01`, `HL7 Europe HDR`, `CDA`… */
  model?: string;
  /** Completion status of the document (LDL-SES section 33557-0, FHIR `Composition.status`). */
  documentStatus?: LetterCodedText;
  /** Language (`fr-FR`). */
  language?: string;
  patient?: LetterPatient;
  /** The hospital (custodian, else the author's organisation). */
  facility?: LetterOrganization;
  /** The unit / department ("Service de Cardiologie"). */
  unit?: string;
  /** The hospital doctor who wrote the letter. */
  author?: LetterProfessional;
  /** The doctor who signed it (CDA `legalAuthenticator`, FHIR legal `attester`). */
  legalAuthenticator?: LetterProfessional;
  /** The médecin traitant (CDA `participant` with `functionCode` PCP; FHIR `Patient.generalPractitioner`). */
  generalPractitioner?: LetterProfessional;
  /** The referring doctor (CDA `participant` typeCode REFB/REF; FHIR Encounter participant REF). */
  referringDoctor?: LetterProfessional;
  /** Recipients (CDA `informationRecipient`; FHIR extension `information-recipient`). */
  recipients: LetterProfessional[];
  /** Admission (ISO), from `documentationOf/serviceEvent` (else `encompassingEncounter`) or `Encounter.period`. */
  admissionDate?: string;
  /** Discharge (ISO), same sources. */
  dischargeDate?: string;
  /** Calendar days between the admission and discharge dates (0 for a same-day stay). */
  lengthOfStayDays?: number;
  /** Kind of stay (CDA `serviceEvent/code`, FHIR `Encounter.class`). */
  stayType?: LabelledCode;
  /** Admission mode (LDL-SES entry ORG-070; FHIR `hospitalization.admitSource`). */
  admissionMode?: LetterCodedText;
  /** Discharge mode (LDL-SES entry ORG-074; FHIR `hospitalization.dischargeDisposition`). */
  dischargeMode?: LetterCodedText;
}

// ---------------------------------------------------------------------------------------------
// Sections
// ---------------------------------------------------------------------------------------------

/**
 * What a section is, recognised by template OID or LOINC code (never by title). Synthesis covers
 * LDL-SES "événements du séjour" (42545-4) and HDR "hospital course" (8648-8) / "synthesis" (67781-5).
 */
export type LetterSectionKind =
  | 'document-status'
  | 'reason'
  | 'synthesis'
  | 'stopped-treatments'
  | 'discharge-treatments'
  | 'pending-results'
  | 'follow-up'
  | 'devices'
  | 'allergies'
  | 'results'
  | 'medications-during-stay'
  | 'diagnoses'
  | 'admission-evaluation'
  | 'alerts'
  | 'other';

/** Identity of a section: by code and templates (its title is only for display). */
export interface LetterSectionRef {
  /** What the section is. */
  kind: LetterSectionKind;
  /** LOINC code of the section. */
  code?: string;
  /** The section's first recognised template OID (else its first template OID). */
  templateId?: string;
  /** Every template OID of the section. */
  templateIds: string[];
  /** Title as written. */
  title?: string;
}

/** A simple coded observation of a section (LDL-SES synthesis entries: MDRO, transfusion…). */
export interface LetterObservation {
  code: LabelledCode;
  /** The words of the letter for this observation (referenced narrative), when any. */
  text?: string;
  /** Value: a coded value… */
  valueCode?: LabelledCode;
  /** …a yes/no value… */
  valueBoolean?: boolean;
  /** …or a textual/quantity value as written. */
  valueText?: string;
  /** ISO date. */
  date?: string;
}

/** Any section of the letter, with its safe narrative. */
export interface LetterSection extends LetterSectionRef {
  narrative: NarrativeNode[];
  /** Simple observations found in its entries. */
  observations: LetterObservation[];
  /** Nested sections, in document order. */
  subsections: LetterSection[];
}

/** An essential block of the letter: its section, its narrative and its items. */
export interface LetterBlock<T> {
  section: LetterSectionRef;
  narrative: NarrativeNode[];
  items: T[];
  /** True when the items come from structured entries; false when the narrative is all there is. */
  structured: boolean;
}

/** Status of a treatment at discharge relative to the treatment before the stay. */
export type TreatmentStatus = 'new' | 'modified' | 'continued' | 'stopped';

/** One medication (treatment at discharge, or stopped during the stay). */
export interface Treatment {
  /** Name as written (product name, else code display, else narrative text). */
  name: string;
  /** Main code (CIS, SNOMED CT, ATC…). */
  code?: LabelledCode;
  /** Other codes (CIP, ATC…). */
  translations: LabelledCode[];
  /** Dose, e.g. `1 comprimé`, `500 mg`. */
  dose?: string;
  /** Route, e.g. `voie orale`. */
  route?: string;
  /** Frequency, e.g. `1 fois par jour`, `toutes les 8 h`. */
  frequency?: string;
  /** Duration as stated (e.g. `7 jours`), when stated. */
  duration?: string;
  /** Start of the treatment (ISO). */
  start?: string;
  /** End of the treatment (ISO). */
  end?: string;
  /**
   * `new` (started during the stay), `modified`, `continued` (started before the stay) or
   * `stopped` — only when the letter makes it determinable (see the README).
   */
  status?: TreatmentStatus;
  /** Reason (of the stop, for stopped treatments; else the indication), when given. */
  reason?: string;
  /** Free comment, when given. */
  comment?: string;
  /** The narrative text this entry points to (its table row, list item or paragraph). */
  text?: string;
}

/** A result or piece of information still awaited at discharge. */
export interface PendingResult {
  text: string;
  code?: LabelledCode;
  /** Expected date (ISO), when given. */
  date?: string;
}

/** Kind of a follow-up item. */
export type FollowUpKind = 'act' | 'exam' | 'appointment' | 'recommendation' | 'other';

/** One follow-up item ("suites à donner"): planned act, exam, appointment, recommendation. */
export interface FollowUpItem {
  kind: FollowUpKind;
  text: string;
  code?: LabelledCode;
  /** Planned date (ISO), when given. */
  date?: string;
  /** Priority or scheduling note as written (`Urgent`, `recontacter pour fixer RDV`). */
  priority?: string;
}

/** The reason for hospitalisation. */
export interface LetterReason {
  section: LetterSectionRef;
  narrative: NarrativeNode[];
  /** Plain text of the reason. */
  text: string;
  /** Codes, when coded (FHIR `Encounter.reasonCode`). */
  codes: LabelledCode[];
}

/** What a GP needs at a glance (R1112-1-2 items 2, 4, 5, 6). */
export interface LetterEssentials {
  reason?: LetterReason;
  dischargeTreatments?: LetterBlock<Treatment>;
  stoppedTreatments?: LetterBlock<Treatment>;
  pendingResults?: LetterBlock<PendingResult>;
  followUp?: LetterBlock<FollowUpItem>;
}

/**
 * Items the law (Code de la santé publique, art. R1112-1-2) requires in a discharge letter. The
 * referring doctor is required only "le cas échéant", so it is never reported missing.
 */
export type MandatoryItem =
  | 'patient'
  | 'general-practitioner'
  | 'hospital-doctor'
  | 'admission-date'
  | 'discharge-date'
  | 'admission-mode'
  | 'discharge-mode'
  | 'reason'
  | 'synthesis'
  | 'discharge-treatments'
  | 'stopped-treatments'
  | 'pending-results'
  | 'follow-up';

/** Every mandatory item, in the order of the law. */
export const MANDATORY_ITEMS: readonly MandatoryItem[] = [
  'patient',
  'general-practitioner',
  'hospital-doctor',
  'admission-date',
  'discharge-date',
  'admission-mode',
  'discharge-mode',
  'reason',
  'synthesis',
  'discharge-treatments',
  'stopped-treatments',
  'pending-results',
  'follow-up',
];

/** Why a letter was read with reservations. Messages are English, for developers; elements translate by code. */
export type LetterWarningCode =
  | 'not-ldl-ses'
  | 'not-hdr'
  | 'no-namespace'
  | 'encoding-repaired'
  | 'encoding-mismatch'
  | 'replacement-characters'
  | 'mojibake-suspected'
  | 'narrative-not-well-formed'
  | 'narrative-truncated'
  | 'unresolved-reference'
  | 'stopped-without-reason'
  | 'inconsistent-dates'
  | 'unstructured'
  | 'pdf-text-unavailable';

/** A reservation about the letter. */
export interface LetterWarning {
  code: LetterWarningCode;
  message: string;
}

/** PDF details of a letter read from a PDF. */
export interface LetterPdf {
  /** The PDF's URL, when the content was given by URL (display it in a viewer). */
  url?: string;
  /** The PDF itself, when given as a Blob. */
  blob?: Blob;
  /** Number of pages found. */
  pageCount?: number;
  /** PDF version from the header (`1.4`). */
  version?: string;
}

/** A discharge letter, normalised. */
export interface DischargeLetterView {
  source: LetterSourceKind;
  header: LetterHeader;
  essentials: LetterEssentials;
  /**
   * Every other section (synthesis of the stay, allergies, devices, results, anything else), in
   * document order.
   */
  sections: LetterSection[];
  /**
   * Mandatory items the document does not contain. Computed for structured documents (CDA,
   * FHIR); empty for a PDF, whose content cannot be checked (it gets an `unstructured` warning).
   */
  missing: MandatoryItem[];
  warnings: LetterWarning[];
  /** Present when `source` is `pdf`. */
  pdf?: LetterPdf;
}
