/** Minimal FHIR R4 shapes the server manipulates (the contract's JSON Schemas are the full truth). */

export interface Meta {
  versionId?: string;
  lastUpdated?: string;
  profile?: string[];
  [k: string]: unknown;
}

export interface Resource {
  resourceType: string;
  id?: string;
  meta?: Meta;
  [k: string]: unknown;
}

export interface Coding {
  system?: string;
  code?: string;
  display?: string;
}

export interface CodeableConcept {
  coding?: Coding[];
  text?: string;
}

export interface Reference {
  reference?: string;
  display?: string;
  type?: string;
}

export interface Period {
  start?: string;
  end?: string;
}

export interface Identifier {
  use?: string;
  system?: string;
  value?: string;
  type?: CodeableConcept;
}

export interface CareTeamParticipant {
  role?: CodeableConcept[];
  member?: Reference;
  onBehalfOf?: Reference;
  period?: Period;
  [k: string]: unknown;
}

export interface CareTeam extends Resource {
  resourceType: 'CareTeam';
  status?: string;
  name?: string;
  subject?: Reference;
  period?: Period;
  participant?: CareTeamParticipant[];
}

export interface Parameters extends Resource {
  resourceType: 'Parameters';
  parameter?: Array<{ name: string; [k: string]: unknown }>;
}
