/**
 * A patient page of a fictitious EHR with the Lien elements in it, written the React 19 way.
 *
 * What is specific to custom elements in React 19 is marked "React 19:" below: props become
 * properties when the element has them, `on` + event name listens to the elements' events, and a
 * ref hands `<lien-provider>` the access-token function.
 */
import type { DevPatient, DevUser } from '@lien/ehr-demo/dev-api';
import { devTokenGetter, fetchPatients, fetchUsers } from '@lien/ehr-demo/dev-api';
import type {
  LienActorDeclaredEvent,
  LienActorWithdrawnEvent,
  LienContactEvent,
  LienProvider,
} from '@lien/elements';
import { groupIns } from '@lien/elements';
import type { RefCallback } from 'react';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Dictionary, Lang } from '@lien/examples-shared/i18n';
import { LANG_TAGS, pageTexts } from '@lien/examples-shared/i18n';
import type { View } from '@lien/examples-shared/url';
import { readView, writeView } from '@lien/examples-shared/url';
import { Toolbar } from './Toolbar.js';

/** The page's own texts, in French and English. */
const DICTIONARIES = pageTexts('React');

/** The Lien server's FHIR base: the same origin as the page, under `/fhir`. */
const BASE_URL = new URL('/fhir', location.href).href;

/** What the page announces after an element's event (in its status line). */
type Announcement =
  { kind: 'declared' | 'withdrawn'; patient: string } | { kind: 'contact'; address: string };

function announce(t: Dictionary, announcement: Announcement | undefined): string {
  if (!announcement) return '';
  if (announcement.kind === 'contact') return t.contact(announcement.address);
  return announcement.kind === 'declared'
    ? t.declared(announcement.patient)
    : t.withdrawn(announcement.patient);
}

export function App() {
  const [view, setView] = useState<View>(() => readView(location.search));
  const [directory, setDirectory] = useState<{ users: DevUser[]; patients: DevPatient[] }>();
  const [unavailable, setUnavailable] = useState(false);
  const t = DICTIONARIES[view.lang];

  // The seeded professionals and patients stand in for the EHR's own directory and patient list.
  useEffect(() => {
    const request = new AbortController();
    Promise.all([fetchUsers(request.signal), fetchPatients(request.signal)]).then(
      ([users, patients]) => setDirectory({ users, patients }),
      () => {
        if (!request.signal.aborted) setUnavailable(true);
      },
    );
    return () => request.abort();
  }, []);

  // An RPPS or patient id of the URL that the server does not know falls back to the first listed.
  const user = directory?.users.find((u) => u.rpps === view.user) ?? directory?.users[0];
  const patient = directory?.patients.find((p) => p.id === view.patient) ?? directory?.patients[0];

  // The elements follow the nearest `lang`: the page's, on <html>, which also serves its own texts.
  useEffect(() => {
    document.documentElement.lang = LANG_TAGS[view.lang];
  }, [view.lang]);

  useEffect(() => {
    if (patient) document.title = t.documentTitle(patient.name);
  }, [patient, t]);

  useEffect(() => {
    if (user && patient) writeView({ user: user.rpps, patient: patient.id, lang: view.lang });
  }, [user, patient, view.lang]);

  return (
    <>
      <a className="skip-link" href="#main">
        {t.skipLink}
      </a>
      <header className="app-header">
        <p className="brand">
          <span className="brand-name">MédiDémo</span>
          <span className="brand-tagline">{t.appTagline}</span>
        </p>
        <p className="demo-notice">{t.demoNotice}</p>
        <Toolbar
          t={t}
          lang={view.lang}
          users={directory?.users ?? []}
          patients={directory?.patients ?? []}
          user={user}
          patient={patient}
          onUser={(rpps) => setView((v) => ({ ...v, user: rpps }))}
          onPatient={(id) => setView((v) => ({ ...v, patient: id }))}
          onLang={(lang: Lang) => setView((v) => ({ ...v, lang }))}
        />
      </header>
      {user && patient ? (
        <PatientRecord t={t} user={user} patient={patient} />
      ) : (
        <main id="main" className="record" tabIndex={-1}>
          {unavailable ? (
            <p role="alert" className="notice notice-error">
              {t.devUnavailable}
            </p>
          ) : (
            <p role="status">{directory ? '' : t.loading}</p>
          )}
        </main>
      )}
      <footer className="app-footer">
        <p>{t.footer}</p>
      </footer>
    </>
  );
}

interface PatientRecordProps {
  t: Dictionary;
  user: DevUser;
  patient: DevPatient;
}

/**
 * The patient's record: banner with `<lien-declare-actor>`, the latest discharge letter, and the
 * care circle beside it. The elements stay in place when the user or the patient changes: they
 * reload for a new patient or a new client themselves.
 */
function PatientRecord({ t, user, patient }: PatientRecordProps) {
  // An announcement belongs to the user and patient it was made for; shown only while they are.
  const scope = `${user.rpps} ${patient.id}`;
  const [announced, setAnnounced] = useState<{ scope: string; announcement: Announcement }>();
  const setAnnouncement = (announcement: Announcement) => setAnnounced({ scope, announcement });

  // Dev sign-in (POST /dev/token) stands in for the EHR's Pro Santé Connect session. The getter
  // keeps its token until shortly before it expires, and signs in again when the client asks.
  const getAccessToken = useMemo(() => devTokenGetter(user.rpps), [user.rpps]);

  // React 19: a function is never an attribute. Were the element not yet defined when React
  // creates it (a lazy `import()` of the define module), a `getAccessToken={…}` prop would be
  // dropped, since React sets a property only when the element already has it. A ref sets it in
  // every case (Lit takes a property set before the upgrade), and within the same commit as the
  // element's insertion, so before its first update: the client is created with the token getter.
  const providerRef = useCallback<RefCallback<LienProvider>>(
    (provider) => {
      if (provider) provider.getAccessToken = getAccessToken;
    },
    [getAccessToken],
  );

  // React 19: `on` + the event's name adds a listener for that custom event; the handler gets the
  // element's own event class, typed in lien-jsx.ts. Lien events bubble and cross shadow roots, so
  // listening on the provider also hears the declaration made from the care circle's
  // restricted-access state.
  const onDeclared = (_event: LienActorDeclaredEvent) =>
    setAnnouncement({ kind: 'declared', patient: patient.name });
  const onWithdrawn = (_event: LienActorWithdrawnEvent) =>
    setAnnouncement({ kind: 'withdrawn', patient: patient.name });
  // `lien-contact` is cancelable: an EHR opens its own secure messaging instead of `mailto:`.
  // A phone call keeps the element's `tel:` link.
  const onContact = (event: LienContactEvent) => {
    if (event.detail.channel !== 'mssante') return;
    event.preventDefault();
    setAnnouncement({ kind: 'contact', address: event.detail.address });
  };

  // Every element is given the same patient: a server reference, or an INS as `system|value`.
  const reference = `Patient/${patient.id}`;
  return (
    // React 19: `baseUrl` is set as the element's property (the element has it, so React does not
    // write a `baseurl` attribute); the element reflects it as `base-url`.
    <lien-provider
      ref={providerRef}
      baseUrl={BASE_URL}
      onlien-actor-declared={onDeclared}
      onlien-actor-withdrawn={onWithdrawn}
      onlien-contact={onContact}
    >
      <main id="main" className="record" tabIndex={-1}>
        <section className="patient-banner" aria-labelledby="patient-name">
          <div className="patient-identity">
            <h1 id="patient-name">{patient.name}</h1>
            <p className="patient-ins">
              {t.ins} {patient.ins ? groupIns(patient.ins) : t.noIns}
            </p>
          </div>
          <lien-declare-actor patient={reference} />
        </section>
        <p role="status" className="announcement">
          {announce(t, announced?.scope === scope ? announced.announcement : undefined)}
        </p>
        <div className="layout">
          <section className="letters" aria-label={t.lettersLabel}>
            {/* Properties, not attributes: `headingLevel` is a number, as the class types it. */}
            <lien-discharge-summary patient={reference} headingLevel={2} />
          </section>
          <aside className="sidebar" aria-label={t.coordinationLabel}>
            <lien-care-circle
              patient={reference}
              variant="compact"
              density="compact"
              headingLevel={2}
            />
          </aside>
        </div>
      </main>
    </lien-provider>
  );
}
