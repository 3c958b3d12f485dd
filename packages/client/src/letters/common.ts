/**
 * Steps shared by the readers once a letter is read: treatment statuses, mandatory items.
 * @internal
 */
import { datePart } from './codes.js';
import {
  MANDATORY_ITEMS,
  type DischargeLetterView,
  type LetterBlock,
  type LetterProfessional,
  type LetterWarning,
  type MandatoryItem,
  type Treatment,
  type TreatmentStatus,
} from './model.js';

/** A treatment's name without its strength or form: `KARDEGIC 75 mg` → `kardegic`. */
function baseName(name: string): string {
  const plain = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
  return (plain.split(/[\d(,]/)[0] ?? '').replace(/\s+/g, ' ').trim();
}

function codesOf(t: Treatment): string[] {
  return [t.code, ...t.translations]
    .filter((c) => c !== undefined)
    .map((c) => `${c.system}|${c.code}`);
}

/** True when two treatments are the same medication (a shared code, or the same name without strength). */
function sameMedication(a: Treatment, b: Treatment): boolean {
  const codes = new Set(codesOf(a));
  if (codesOf(b).some((c) => codes.has(c))) return true;
  const na = baseName(a.name);
  return na.length > 2 && na === baseName(b.name);
}

/**
 * Fills `status` of treatments at discharge when the letter makes it determinable and does not
 * state it: `modified` when the same medication (same code, or same name without strength) was
 * stopped during the stay; else `continued` when it started before admission, `new` when it started
 * on or after admission. Left undefined otherwise.
 */
export function inferTreatmentStatuses(
  discharge: Treatment[],
  stopped: Treatment[],
  admissionDate: string | undefined,
): void {
  const admission = datePart(admissionDate);
  for (const treatment of discharge) {
    if (treatment.status !== undefined) continue;
    let status: TreatmentStatus | undefined;
    if (stopped.some((s) => sameMedication(s, treatment))) status = 'modified';
    else {
      const start = datePart(treatment.start);
      if (start && admission) status = start < admission ? 'continued' : 'new';
    }
    if (status) treatment.status = status;
  }
}

/** Warns about stopped treatments given without a reason (the law asks for it). */
export function warnStoppedWithoutReason(stopped: Treatment[], warnings: LetterWarning[]): void {
  const names = stopped.filter((t) => !t.reason).map((t) => t.name);
  if (names.length > 0) {
    warnings.push({
      code: 'stopped-without-reason',
      message: `Stopped treatment(s) without a reason: ${names.join(', ')}.`,
    });
  }
}

function hasContent(block: LetterBlock<unknown> | undefined): boolean {
  return block !== undefined && (block.items.length > 0 || block.narrative.length > 0);
}

/**
 * True when a professional is named or identified (a name, an organisation, an RPPS or IDNPS): a
 * participant whose name and id are all `nullFlavor` does not count.
 */
function isIdentified(pro: LetterProfessional | undefined): boolean {
  return Boolean(pro && (pro.name?.text || pro.organization || pro.rpps || pro.idnps));
}

/** The mandatory items (R1112-1-2) a structured letter lacks. */
export function missingItems(view: Omit<DischargeLetterView, 'missing'>): MandatoryItem[] {
  const { header, essentials, sections } = view;
  const present: Record<MandatoryItem, boolean> = {
    patient: Boolean(header.patient?.name.text || header.patient?.ins),
    'general-practitioner': isIdentified(header.generalPractitioner),
    'hospital-doctor': Boolean(header.author?.name?.text || header.legalAuthenticator?.name?.text),
    'admission-date': header.admissionDate !== undefined,
    'discharge-date': header.dischargeDate !== undefined,
    'admission-mode': header.admissionMode !== undefined,
    'discharge-mode': header.dischargeMode !== undefined,
    reason: Boolean(essentials.reason?.text),
    synthesis: sections.some(
      (s) => s.kind === 'synthesis' && (s.narrative.length > 0 || s.observations.length > 0),
    ),
    'discharge-treatments': hasContent(essentials.dischargeTreatments),
    'stopped-treatments': hasContent(essentials.stoppedTreatments),
    'pending-results': hasContent(essentials.pendingResults),
    'follow-up': hasContent(essentials.followUp),
  };
  return MANDATORY_ITEMS.filter((item) => !present[item]);
}
