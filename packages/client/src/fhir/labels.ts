import type { LabelledCode } from '../model.js';
import { compact } from '../compact.js';

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
  return coding?.code
    ? compact({
        code: coding.code,
        system: coding.system ?? '',
        display: coding.display?.trim() || undefined,
      })
    : undefined;
}

/** The first coding of the given system in a list of CodeableConcepts, labelled. */
export const labelFirst = (
  concepts: readonly { coding?: readonly CodingLike[] }[] | undefined,
  system: string,
): LabelledCode | undefined =>
  labelCoding(concepts?.flatMap((c) => c.coding ?? []).find((c) => c.system === system));
