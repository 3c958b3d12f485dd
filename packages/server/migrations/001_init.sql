-- Lien reference server: initial schema. Applied once at start-up by src/db/migrate.ts.
-- The same SQL runs on embedded PGlite and on PostgreSQL (>= 13).

-- Every version of every resource. Rows are only ever inserted: nothing is updated in place or deleted.
CREATE TABLE resource_version (
  type text NOT NULL,
  id text NOT NULL,
  version_id integer NOT NULL,
  last_updated timestamptz NOT NULL,
  patient_id text,
  -- The interaction that produced this version (history Bundle entry.request).
  request_method text,
  request_url text,
  content jsonb NOT NULL,
  PRIMARY KEY (type, id, version_id)
);

-- Pointer to the current version of each resource, with the columns searches filter and sort on.
-- This is an index: it is updated when a new version is written; the versions themselves never change.
CREATE TABLE resource_head (
  type text NOT NULL,
  id text NOT NULL,
  version_id integer NOT NULL,
  last_updated timestamptz NOT NULL,
  patient_id text,
  status text,
  sort_date timestamptz,
  PRIMARY KEY (type, id)
);
CREATE INDEX resource_head_patient ON resource_head (type, patient_id, sort_date DESC, id);
-- One active care circle per patient.
CREATE UNIQUE INDEX resource_head_one_active_careteam ON resource_head (patient_id)
  WHERE type = 'CareTeam' AND status = 'active';

-- Token search index (identifiers, codes) of the current version of each resource.
CREATE TABLE resource_token (
  type text NOT NULL,
  id text NOT NULL,
  param text NOT NULL,
  system text NOT NULL DEFAULT '',
  value text NOT NULL,
  PRIMARY KEY (type, param, value, system, id)
);
CREATE INDEX resource_token_resource ON resource_token (type, id);

-- Participations in care teams (one row per CareTeam.participant entry whose member is a
-- PractitionerRole). period_start / period_end are the FHIR strings; period_end IS NULL = active.
CREATE TABLE care_team_participation (
  care_team_id text NOT NULL,
  patient_id text NOT NULL,
  member_type text NOT NULL,
  member_id text NOT NULL,
  period_start text NOT NULL,
  period_end text,
  started_version integer NOT NULL,
  ended_version integer,
  PRIMARY KEY (care_team_id, member_type, member_id, period_start)
);
-- At most one active participation of a member per care team, whatever the concurrency.
CREATE UNIQUE INDEX care_team_participation_one_active
  ON care_team_participation (care_team_id, member_type, member_id)
  WHERE period_end IS NULL;
CREATE INDEX care_team_participation_access
  ON care_team_participation (patient_id, member_type, member_id)
  WHERE period_end IS NULL;

-- Break-the-glass grants (time-limited emergency access of a physician to a patient's data).
CREATE TABLE break_glass_grant (
  id text PRIMARY KEY,
  patient_id text NOT NULL,
  practitioner_role_id text NOT NULL,
  started timestamptz NOT NULL,
  expires timestamptz NOT NULL,
  reason text NOT NULL,
  audit_event_id text NOT NULL
);
CREATE INDEX break_glass_grant_access ON break_glass_grant (patient_id, practitioner_role_id, expires DESC);

-- Named data sets loaded by --seed (informational; the seed itself is idempotent).
CREATE TABLE seed_run (
  name text PRIMARY KEY,
  applied_at timestamptz NOT NULL,
  resources integer NOT NULL
);
