/** English translation table (British spelling; names are not capitalised in English). */
import { SYSTEMS } from '@lien/client/systems';
import type { CodeLabels, CoreTranslation, NameParts } from './types.js';

const count = (n: number) => new Intl.NumberFormat('en').format(n);

export const en: CoreTranslation = {
  $code: 'en',
  $name: 'English',
  $dir: 'ltr',
  $codes: {
    // TRE_G15 professions.
    [SYSTEMS.profession]: {
      '10': 'Physician',
      '21': 'Pharmacist',
      '26': 'Hearing aid specialist',
      '28': 'Optician',
      '40': 'Dentist',
      '50': 'Midwife',
      '60': 'Nurse',
      '70': 'Physiotherapist',
      '80': 'Podiatrist',
      '91': 'Speech therapist',
      '92': 'Orthoptist',
      '94': 'Occupational therapist',
      '95': 'Dietitian',
      '96': 'Psychomotor therapist',
    },
    // TRE_R38 specialties.
    [SYSTEMS.specialty]: {
      SM02: 'Anaesthesiology and intensive care',
      SM04: 'Cardiology',
      SM05: 'General surgery',
      SM15: 'Dermatology',
      SM16: 'Endocrinology',
      SM19: 'Gynaecology',
      SM20: 'Obstetrics and gynaecology',
      SM22: 'Gastroenterology and hepatology',
      SM24: 'Occupational medicine',
      SM26: 'General practice',
      SM27: 'Internal medicine',
      SM28: 'Nuclear medicine',
      SM29: 'Physical and rehabilitation medicine',
      SM30: 'Nephrology',
      SM32: 'Neurology',
      SM38: 'Medical oncology',
      SM40: 'Paediatrics',
      SM41: 'Pulmonology',
      SM42: 'Psychiatry',
      SM44: 'Radiology',
      SM46: 'Rheumatology',
      SM53: 'Geriatrics',
      SM54: 'Emergency medicine',
    },
    // HL7 v3 RoleCode: the médecin traitant and family roles.
    [SYSTEMS.roleCode]: {
      PCP: 'General practitioner of record',
      DAU: 'Daughter',
      SON: 'Son',
      CHILD: 'Child',
      MTH: 'Mother',
      FTH: 'Father',
      PRN: 'Parent',
      SPS: 'Spouse',
      WIFE: 'Wife',
      HUSB: 'Husband',
      SIS: 'Sister',
      BRO: 'Brother',
      SIB: 'Sibling',
      FRND: 'Friend',
      NBOR: 'Neighbour',
    },
    // LOINC document types of discharge letters (French letters name them in French).
    [SYSTEMS.loinc]: {
      '11490-0': 'Discharge summary',
      '34105-7': 'Hospital discharge summary',
    },
  } as CodeLabels,

  personName: (name: NameParts): string => {
    const parts = [name.prefix, name.given, name.family].filter(
      (part): part is string => !!part?.trim(),
    );
    return parts.length > (name.prefix ? 1 : 0) ? parts.join(' ') : name.text;
  },

  careCircleTitle: 'Care circle',
  memberCount: (n: number): string =>
    n === 0 ? 'No members' : n === 1 ? '1 member' : `${count(n)} members`,
  filterLabel: 'Filter members',
  filterHint: 'Name, profession, specialty or organisation',
  filteredCount: (shown: number, total: number): string =>
    shown === 0
      ? `None of ${count(total)} members match`
      : shown === 1
        ? `1 of ${count(total)} members matches`
        : `${count(shown)} of ${count(total)} members match`,
  groupGeneralPractitioner: 'General practitioner (GP of record)',
  groupHospital: 'Hospital',
  groupCommunity: 'Community care',
  groupOther: 'Other contributors',
  professionOther: 'Other',
  youBadge: 'You',
  roles: (list: string): string => `Role: ${list}`,
  professionLine: (parts: string[]): string => parts.join(' · '),
  organizationLine: (name: string, city?: string): string => (city ? `${name}, ${city}` : name),
  memberSince: (duration: string, date: string): string => `For ${duration} (since ${date})`,
  memberSinceToday: (date: string): string => `Since today (${date})`,
  memberPeriod: (range: string): string => `Took part: ${range}`,
  contactMssante: 'MSSanté secure mail',
  contactPhone: (phone: string): string => `Tel. ${phone}`,
  contactFor: (name: string): string => `(${name})`,
  contactActions: (name: string): string => `Contact ${name}`,
  formerMembers: (n: number): string => `Former members (${count(n)})`,
  loading: 'Loading the care circle…',
  careCircleLoaded: (members: string): string => `Care circle loaded (${members}).`,
  emptyTitle: 'No professional has declared themselves yet',
  emptyBody:
    'If you take part in this patient’s care, declare yourself so that other professionals can reach you.',
  errorTitle: 'The care circle could not be loaded',
  forbiddenTitle: 'Restricted access',
  forbiddenBody:
    'The care circle is visible only to professionals who take part in the patient’s care, with the patient’s authorisation.',
  forbiddenNoRemedy: 'Nothing can be requested from your account.',
  retry: 'Try again',

  errorNetwork: 'The server does not respond. Check the connection and try again.',
  errorTimeout: 'The server took too long to respond.',
  errorUnauthorized: 'Your session has expired. Please sign in again.',
  errorForbidden: 'You do not have access to this record.',
  errorNotFound: 'This patient was not found on the server.',
  errorConflict: 'The record changed in the meantime. Try again.',
  errorInvalid: 'The server refused the request.',
  errorServer: 'Something went wrong on the server.',
  errorUnknown: 'An unexpected error occurred.',
  errorNoClient: 'The Lien service is not configured on this page.',
  errorNoPatient: 'No patient is given.',
  errorDetails: (text: string): string => `Details: ${text}`,

  declareButton: 'Declare myself a care actor',
  attestation: 'I take part in this patient’s care and the patient has authorised it',
  roleLabel: 'Role (optional)',
  roleNone: 'Not specified',
  declarePending: 'Declaring…',
  withdrawPending: 'Withdrawing…',
  declared: 'You are a care actor for this patient',
  withdrawButton: 'Withdraw from the care circle',
  announceDeclared: 'You are now a care actor for this patient.',
  announceWithdrawn: 'You are no longer a care actor for this patient.',
  declareError: 'The declaration failed.',
  withdrawError: 'The withdrawal failed.',
  checking: 'Checking your participation…',

  btgButton: 'Emergency access (break the glass)',
  btgTitle: 'Emergency access to the record',
  btgExplain:
    'For physicians only, in an emergency, when the patient’s authorisation cannot be obtained.',
  btgTraced:
    'This access is traced: your identity, the time and the reason are recorded. It is time-limited.',
  btgReasonLabel: 'Reason for access',
  btgReasonHint: (min: number): string => `At least ${count(min)} characters.`,
  btgReasonTooShort: (min: number): string => `Give a reason of at least ${count(min)} characters.`,
  btgSubmit: 'Open the record',
  btgCancel: 'Cancel',
  btgClose: 'Close',
  btgPending: 'Requesting…',
  btgGranted: (time: string, relative: string): string =>
    `Access granted until ${time} (${relative}).`,
  btgError: 'Emergency access was refused.',
  btgActive: (time: string): string =>
    `Emergency access (break the glass) open until ${time}. This access is traced.`,
};
