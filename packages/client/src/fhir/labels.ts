import type { LabelledCode } from '../model.js';

/** A coding as found in FHIR resources. */
export interface CodingLike {
  system?: string;
  code?: string;
  display?: string;
}

/**
 * A coding as a {@link LabelledCode}: its code, system and the `display` it carries (trimmed;
 * omitted when blank). `undefined` without a code.
 */
export function labelCoding(coding: CodingLike | undefined): LabelledCode | undefined {
  if (!coding?.code) return undefined;
  const display = coding.display?.trim();
  return { code: coding.code, system: coding.system ?? '', ...(display ? { display } : {}) };
}

/** The first coding of the given system in a list of CodeableConcepts, labelled. */
export function labelFirst(
  concepts: readonly { coding?: readonly CodingLike[] }[] | undefined,
  system: string,
): LabelledCode | undefined {
  for (const concept of concepts ?? []) {
    const coding = concept.coding?.find((c) => c.system === system);
    if (coding) return labelCoding(coding);
  }
  return undefined;
}
