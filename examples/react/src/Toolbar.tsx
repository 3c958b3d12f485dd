/**
 * The example's context: who is signed in, which patient is open, which language. In a real EHR
 * the first two come from its session and its patient list.
 */
import type { DevPatient, DevUser } from '@lien/ehr-demo/dev-api';
import { groupIns } from '@lien/elements';
import { professionGroups } from '@lien/examples-shared/directory';
import type { Dictionary, Lang } from '@lien/examples-shared/i18n';
import { LANGS, LANGUAGE_NAMES } from '@lien/examples-shared/i18n';

interface ToolbarProps {
  t: Dictionary;
  lang: Lang;
  users: DevUser[];
  patients: DevPatient[];
  user: DevUser | undefined;
  patient: DevPatient | undefined;
  onUser(rpps: string): void;
  onPatient(id: string): void;
  onLang(lang: Lang): void;
}

export function Toolbar({ t, lang, users, patients, user, patient, ...on }: ToolbarProps) {
  return (
    <section className="toolbar" aria-label={t.toolbarLabel}>
      <div className="field">
        <label htmlFor="user-select">{t.userLabel}</label>
        <select
          id="user-select"
          value={user?.rpps ?? ''}
          disabled={users.length === 0}
          onChange={(event) => on.onUser(event.target.value)}
        >
          {professionGroups(users, lang).map((group) => (
            <optgroup key={group.code} label={group.label}>
              {group.users.map((u) => (
                <option key={u.rpps} value={u.rpps}>
                  {u.organization ? `${u.name} — ${u.organization}` : u.name}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="patient-select">{t.patientLabel}</label>
        <select
          id="patient-select"
          value={patient?.id ?? ''}
          disabled={patients.length === 0}
          onChange={(event) => on.onPatient(event.target.value)}
        >
          {patients.map((p) => (
            <option key={p.id} value={p.id}>
              {t.patientOption(p.name, p.ins ? groupIns(p.ins) : t.noIns)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <span className="field-label" id="lang-label">
          {t.languageLabel}
        </span>
        <div className="segmented" role="group" aria-labelledby="lang-label">
          {LANGS.map((l) => (
            <button
              key={l}
              type="button"
              className="lang-button"
              lang={l}
              aria-pressed={l === lang}
              onClick={() => on.onLang(l)}
            >
              {LANGUAGE_NAMES[l]}
            </button>
          ))}
        </div>
      </div>
    </section>
  );
}
