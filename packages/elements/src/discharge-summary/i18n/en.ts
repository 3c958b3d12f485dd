/** English terms of `<lien-discharge-summary>` (British spelling). */
import type {
  FollowUpKind,
  LetterSectionKind,
  LetterWarningCode,
  MandatoryItem,
  TreatmentStatus,
} from '@lien/client/letters';
import { SYSTEMS } from '@lien/client/systems';
import type { LetterUnreadableReason } from '../../events/lien-letter-error.js';
import type { LetterTranslation } from '../../i18n/types.js';

const count = (n: number) => new Intl.NumberFormat('en').format(n);

export const enLetters: LetterTranslation = {
  $codes: {
    [SYSTEMS.compositionStatus]: {
      preliminary: 'Preliminary',
      final: 'Final',
      amended: 'Amended',
      'entered-in-error': 'Entered in error',
    },
  },
  dsTitle: 'Discharge letter',
  dsLoading: 'Loading the discharge letter…',
  dsLoaded: 'Discharge letter shown.',
  dsEmptyTitle: 'No discharge letter for this patient',
  dsEmptyBody: 'Discharge letters received from hospitals for this patient will appear here.',
  dsErrorTitle: 'The discharge letter could not be loaded',
  dsListErrorTitle: 'The discharge letters could not be loaded',
  dsNotFound: 'This letter cannot be found on the server.',
  dsForbiddenBody:
    'Discharge letters are visible only to professionals involved in the patient’s care, with the patient’s consent.',
  dsUnreadableTitle: 'This letter cannot be read',
  dsUnreadableReason: (reason: LetterUnreadableReason): string =>
    ({
      'not-xml': 'The document announced as CDA is not an XML document.',
      'not-json': 'The document announced as FHIR is not valid JSON.',
      'not-pdf': 'The file announced as a PDF is not a PDF.',
      'parse-error': 'The XML document is not well-formed.',
      'not-cda': 'The XML document is not a CDA document.',
      'not-fhir-document':
        'The FHIR document is not a document (a Bundle of type document starting with a Composition).',
      'unsafe-xml': 'The document contains declarations (DOCTYPE, entities) refused for security.',
      'too-large': 'The document is larger than the accepted maximum.',
      encoding: 'The document’s character encoding is unknown.',
      'no-dom-parser': 'This browser cannot read XML documents.',
      unreadable: 'The document could not be interpreted.',
      'unsupported-format': 'This document format is not supported.',
    })[reason],
  dsUnreadableHint: 'You can open the original document, or ask the hospital to send it again.',
  dsChooser: 'Letter shown',
  dsChooserOption: (date: string | undefined, facility: string | undefined): string =>
    [date ? `Letter of ${date}` : 'Undated letter', facility].filter(Boolean).join(' — '),
  dsChooserOptionPdf: (label: string): string => `${label} (PDF)`,
  dsFacilityLine: (parts: string[]): string => parts.join(' — '),
  dsPhone: 'Service phone',
  dsSeparator: ', ',
  dsDetailSeparator: ' · ',
  dsDosage: (parts: string[]): string => parts.join(', '),
  dsLetterCount: (n: number): string => (n === 1 ? '1 letter' : `${count(n)} letters`),
  dsPatient: 'Patient',
  dsBorn: (date: string): string => `born ${date}`,
  dsIns: (value: string): string => `INS ${value}`,
  dsInsTest: 'test INS',
  dsOtherPatient:
    'Warning: the INS in this letter does not match the patient on screen. Check the identity before any decision.',
  dsStay: 'Stay',
  dsStayRange: (range: string, length?: string): string =>
    length ? `${range} (${length})` : range,
  dsSameDay: 'same day',
  dsAdmissionDate: 'Admitted',
  dsDischargeDate: 'Discharged',
  dsAdmissionMode: 'Admission mode',
  dsDischargeMode: 'Discharge mode',
  dsAuthor: 'Hospital doctor',
  dsSigner: 'Signed by',
  dsGeneralPractitioner: 'General practitioner',
  dsReferringDoctor: 'Referring doctor',
  dsDocumentDate: 'Letter date',
  dsDocumentStatus: 'Document status',
  dsPersonAt: (name: string, detail?: string): string => (detail ? `${name}, ${detail}` : name),
  dsAbsent: 'Not stated in the letter',
  dsMissingTitle: 'Incomplete letter',
  dsMissingBody: (items: string): string =>
    `Mandatory items missing (French public health code, art. R1112-1-2): ${items}.`,
  dsMissingItem: (item: MandatoryItem): string =>
    ({
      patient: 'patient identification',
      'general-practitioner': 'general practitioner',
      'hospital-doctor': 'hospital doctor',
      'admission-date': 'admission date',
      'discharge-date': 'discharge date',
      'admission-mode': 'admission mode',
      'discharge-mode': 'discharge mode',
      reason: 'reason for hospitalisation',
      synthesis: 'synthesis of the stay',
      'discharge-treatments': 'treatments at discharge',
      'stopped-treatments': 'stopped treatments',
      'pending-results': 'pending results',
      'follow-up': 'follow-up',
    })[item],
  dsReason: 'Reason for hospitalisation',
  dsDischargeTreatments: 'Treatments at discharge',
  dsStoppedTreatments: 'Treatments stopped during the stay',
  dsPendingResults: 'Pending results',
  dsPendingCount: (n: number): string =>
    n === 1
      ? '1 result or piece of information to follow up'
      : `${count(n)} results or pieces of information to follow up`,
  dsFollowUp: 'Follow-up',
  dsMoreSections: 'Synthesis and other information',
  dsTreatmentCount: (title: string, n: number): string =>
    `${title}: ${n === 1 ? '1 medication' : `${count(n)} medications`}`,
  dsColMedication: 'Medication',
  dsColDosage: 'Dosage',
  dsColPeriod: 'Period',
  dsColChange: 'Change',
  dsColNotes: 'Notes',
  dsColStopReason: 'Reason for stopping',
  dsStatus: (status: TreatmentStatus): string =>
    ({ new: 'New', modified: 'Modified', continued: 'Continued', stopped: 'Stopped' })[status],
  dsStatusUnknown: 'Not stated',
  dsStart: (date: string): string => `Start: ${date}`,
  dsEnd: (date: string): string => `End: ${date}`,
  dsDuration: (duration: string): string => `Duration: ${duration}`,
  dsNoStopReason: 'Reason not stated in the letter',
  dsFollowUpKind: (kind: FollowUpKind): string =>
    ({
      act: 'Procedure',
      exam: 'Test',
      appointment: 'Appointment',
      recommendation: 'Recommendation',
      other: 'To plan',
    })[kind],
  dsAsWritten: 'Text of this section in the letter',
  dsSectionKind: (kind: LetterSectionKind): string =>
    ({
      'document-status': 'Document status',
      reason: 'Reason for hospitalisation',
      synthesis: 'Medical synthesis of the stay',
      'stopped-treatments': 'Stopped treatments',
      'discharge-treatments': 'Treatments at discharge',
      'pending-results': 'Pending results',
      'follow-up': 'Follow-up',
      devices: 'Medical devices',
      allergies: 'Allergies',
      results: 'Results',
      'medications-during-stay': 'Treatments during the stay',
      diagnoses: 'Diagnoses',
      'admission-evaluation': 'Admission evaluation',
      alerts: 'Alerts',
      other: 'Other information',
    })[kind],
  dsYes: 'Yes',
  dsNo: 'No',
  dsWarnings: (n: number): string =>
    n === 1 ? '1 note on reading this letter' : `${count(n)} notes on reading this letter`,
  dsWarning: (code: LetterWarningCode): string =>
    ({
      'not-ldl-ses':
        'This CDA document does not follow the ANS LDL-SES model: some sections may not have been recognised.',
      'not-hdr':
        'This FHIR document is not an HL7 Europe hospital discharge report: some sections may not have been recognised.',
      'no-namespace': 'The document does not use the CDA namespace; it was read as it is.',
      'encoding-repaired': 'Badly encoded characters (accents) were repaired while reading.',
      'encoding-mismatch':
        'The encoding the document declared did not match its content; it was corrected.',
      'replacement-characters': 'Some characters of the document are unreadable (�).',
      'mojibake-suspected':
        'Some accents look badly encoded: check the text in the original document.',
      'narrative-not-well-formed':
        'Part of the text was not well-formed: only its plain text was kept.',
      'narrative-truncated': 'A too deeply nested text was simplified.',
      'unresolved-reference': 'Some structured data points to text missing from the letter.',
      'stopped-without-reason': 'A stopped treatment has no reason for stopping.',
      'inconsistent-dates': 'Some dates in the letter do not match those of the stay.',
      unstructured: 'The letter is not structured.',
      'pdf-text-unavailable': 'The PDF’s text could not be extracted (scanned document?).',
    })[code],
  dsPdfTitle: 'PDF letter',
  dsPdfNote:
    'This letter is not structured: treatments, pending results and follow-up cannot be highlighted. Read the PDF.',
  dsPdfPages: (n: number): string => (n === 1 ? '1 page' : `${count(n)} pages`),
  dsPdfText: 'Text extracted from the PDF',
  dsOpenPdf: 'Open the PDF',
  dsOpenOriginal: 'Open the original document',
  dsDownloadOriginal: 'Download',
  dsOriginalFormat: (format: string): string => `(${format})`,
  dsNewTab: '(new tab)',
  dsImageOmitted: 'Image not shown',
  dsModel: (model: string): string => `Model: ${model}`,
};
