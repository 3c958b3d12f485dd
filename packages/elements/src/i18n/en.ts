/** English translation table (British spelling; names are not capitalised in English). */
import type { NameParts, Translation } from './types.js';

const count = (n: number) => new Intl.NumberFormat('en').format(n);

export const en: Translation = {
  $code: 'en',
  $name: 'English',
  $dir: 'ltr',

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
