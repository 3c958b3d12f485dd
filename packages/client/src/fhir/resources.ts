/** FHIR resource types of the contract, from the generated types (never written by hand). */
import type { components } from '../generated/lien-api.js';

type Schemas = components['schemas'];
export type Bundle = Schemas['Bundle'];
export type BundleEntry = NonNullable<Bundle['entry']>[number];
export type CareTeam = Schemas['CareTeam'];
export type CareTeamParticipant = NonNullable<CareTeam['participant']>[number];
export type CapabilityStatement = Schemas['CapabilityStatement'];
export type ContactPoint = Schemas['ContactPoint'];
export type DocumentReference = Schemas['DocumentReference'];
export type HumanName = Schemas['HumanName'];
export type Organization = Schemas['Organization'];
export type OperationOutcome = Schemas['OperationOutcome'];
export type Parameters = Schemas['Parameters'];
export type Patient = Schemas['Patient'];
export type Practitioner = Schemas['Practitioner'];
export type PractitionerRole = Schemas['PractitionerRole'];
export type RelatedPerson = Schemas['RelatedPerson'];
export type CodeableConcept = Schemas['CodeableConcept'];

/** Any resource the contract knows, discriminated by `resourceType`. */
export type AnyResource = NonNullable<BundleEntry['resource']>;
