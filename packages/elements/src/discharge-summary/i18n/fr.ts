/**
 * French terms of `<lien-discharge-summary>` (lettre de liaison de sortie): the source of truth
 * of the discharge summary's terms, beside the element so that pages without it do not load them.
 * The English table has the same keys and signatures (checked by {@link LetterTranslation}).
 */
import type {
  FollowUpKind,
  LetterSectionKind,
  LetterWarningCode,
  MandatoryItem,
  TreatmentStatus,
} from '@lien/client/letters';
import { SYSTEMS } from '@lien/client/systems';
import type { LetterUnreadableReason } from '../../events/lien-letter-error.js';
import type { CodeLabels } from '../../i18n/types.js';

const count = (n: number) => new Intl.NumberFormat('fr').format(n);

export const frLetters = {
  /** Codes of letters the element labels itself (FHIR documents give a status code, no text). */
  $codes: {
    [SYSTEMS.compositionStatus]: {
      preliminary: 'Provisoire',
      final: 'Validé',
      amended: 'Modifié',
      'entered-in-error': 'Saisi par erreur',
    },
  } as CodeLabels,
  dsTitle: 'Lettre de liaison de sortie',
  dsLoading: 'Chargement du courrier de sortie…',
  dsLoaded: 'Courrier de sortie affiché.',
  dsEmptyTitle: 'Aucun courrier de sortie pour ce patient',
  dsEmptyBody:
    'Les lettres de liaison reçues des établissements de santé pour ce patient apparaîtront ici.',
  dsErrorTitle: 'Le courrier de sortie n’a pas pu être chargé',
  dsListErrorTitle: 'Les courriers de sortie n’ont pas pu être chargés',
  dsNotFound: 'Ce courrier est introuvable sur le serveur.',
  dsForbiddenBody:
    'Les courriers de sortie ne sont visibles que des professionnels qui participent à la prise en charge du patient, avec son accord.',
  dsUnreadableTitle: 'Ce courrier ne peut pas être lu',
  dsUnreadableReason: (reason: LetterUnreadableReason): string =>
    ({
      'not-xml': 'Le document annoncé comme CDA n’est pas un document XML.',
      'not-json': 'Le document annoncé comme FHIR n’est pas du JSON valide.',
      'not-pdf': 'Le fichier annoncé comme PDF n’est pas un PDF.',
      'parse-error': 'Le document XML est mal formé.',
      'not-cda': 'Le document XML n’est pas un document CDA.',
      'not-fhir-document':
        'Le document FHIR n’est pas un document (Bundle de type document commençant par une Composition).',
      'unsafe-xml':
        'Le document contient des déclarations (DOCTYPE, entités) refusées pour des raisons de sécurité.',
      'too-large': 'Le document dépasse la taille maximale acceptée.',
      encoding: 'L’encodage des caractères du document est inconnu.',
      'no-dom-parser': 'Ce navigateur ne sait pas lire les documents XML.',
      unreadable: 'Le document n’a pas pu être interprété.',
      'unsupported-format': 'Le format de ce document n’est pas pris en charge.',
    })[reason],
  dsUnreadableHint:
    'Vous pouvez ouvrir le document original, ou demander un nouvel envoi à l’établissement.',
  dsChooser: 'Courrier affiché',
  dsChooserOption: (date: string | undefined, facility: string | undefined): string =>
    [date ? `Courrier du ${date}` : 'Courrier non daté', facility].filter(Boolean).join(' — '),
  dsChooserOptionPdf: (label: string): string => `${label} (PDF)`,
  dsFacilityLine: (parts: string[]): string => parts.join(' — '),
  dsPhone: 'Téléphone du service',
  dsSeparator: ', ',
  dsDetailSeparator: ' · ',
  dsDosage: (parts: string[]): string => parts.join(', '),
  dsLetterCount: (n: number): string => (n === 1 ? '1 courrier' : `${count(n)} courriers`),
  dsPatient: 'Patient',
  dsBorn: (date: string, sex?: string): string =>
    sex === 'female'
      ? `née le ${date}`
      : sex === 'male'
        ? `né le ${date}`
        : `naissance\u00a0: ${date}`,
  dsIns: (value: string): string => `INS ${value}`,
  dsInsTest: 'INS de test',
  dsOtherPatient:
    'Attention\u00a0: l’INS de ce courrier ne correspond pas au patient affiché. Vérifiez l’identité avant toute décision.',
  dsStay: 'Séjour',
  dsStayRange: (range: string, length?: string): string =>
    length ? `${range} (${length})` : range,
  dsSameDay: 'le jour même',
  dsAdmissionDate: 'Entrée le',
  dsDischargeDate: 'Sortie le',
  dsAdmissionMode: 'Mode d’entrée',
  dsDischargeMode: 'Mode de sortie',
  dsAuthor: 'Médecin de l’établissement',
  dsSigner: 'Signé par',
  dsGeneralPractitioner: 'Médecin traitant',
  dsReferringDoctor: 'Médecin adresseur',
  dsDocumentDate: 'Date du courrier',
  dsDocumentStatus: 'Statut du document',
  dsPersonAt: (name: string, detail?: string): string => (detail ? `${name}, ${detail}` : name),
  dsAbsent: 'Non renseigné dans le courrier',
  dsMissingTitle: 'Courrier incomplet',
  dsMissingBody: (items: string): string =>
    `Éléments obligatoires absents (art. R1112-1-2 du code de la santé publique)\u00a0: ${items}.`,
  dsMissingItem: (item: MandatoryItem): string =>
    ({
      patient: 'identification du patient',
      'general-practitioner': 'médecin traitant',
      'hospital-doctor': 'médecin de l’établissement',
      'admission-date': 'date d’entrée',
      'discharge-date': 'date de sortie',
      'admission-mode': 'mode d’entrée',
      'discharge-mode': 'mode de sortie',
      reason: 'motif d’hospitalisation',
      synthesis: 'synthèse du séjour',
      'discharge-treatments': 'traitements à la sortie',
      'stopped-treatments': 'traitements arrêtés',
      'pending-results': 'résultats en attente',
      'follow-up': 'suites à donner',
    })[item],
  dsReason: 'Motif d’hospitalisation',
  dsDischargeTreatments: 'Traitements à la sortie',
  dsStoppedTreatments: 'Traitements arrêtés pendant le séjour',
  dsPendingResults: 'Résultats en attente',
  dsPendingCount: (n: number): string =>
    n === 1
      ? '1 résultat ou information à récupérer'
      : `${count(n)} résultats ou informations à récupérer`,
  dsFollowUp: 'Suites à donner',
  dsMoreSections: 'Synthèse et autres informations',
  dsTreatmentCount: (title: string, n: number): string =>
    `${title}\u00a0: ${n === 1 ? '1 médicament' : `${count(n)} médicaments`}`,
  dsColMedication: 'Médicament',
  dsColDosage: 'Posologie',
  dsColPeriod: 'Période',
  dsColChange: 'Changement',
  dsColNotes: 'Remarques',
  dsColStopReason: 'Motif de l’arrêt',
  dsStatus: (status: TreatmentStatus): string =>
    ({ new: 'Nouveau', modified: 'Modifié', continued: 'Poursuivi', stopped: 'Arrêté' })[status],
  dsStatusUnknown: 'Non précisé',
  dsStart: (date: string): string => `Début\u00a0: ${date}`,
  dsEnd: (date: string): string => `Fin\u00a0: ${date}`,
  dsDuration: (duration: string): string => `Durée\u00a0: ${duration}`,
  dsNoStopReason: 'Motif non précisé dans le courrier',
  dsFollowUpKind: (kind: FollowUpKind): string =>
    ({
      act: 'Acte',
      exam: 'Examen',
      appointment: 'Rendez-vous',
      recommendation: 'Recommandation',
      other: 'À prévoir',
    })[kind],
  dsAsWritten: 'Texte de la rubrique dans le courrier',
  dsSectionKind: (kind: LetterSectionKind): string =>
    ({
      'document-status': 'Statut du document',
      reason: 'Motif d’hospitalisation',
      synthesis: 'Synthèse médicale du séjour',
      'stopped-treatments': 'Traitements arrêtés',
      'discharge-treatments': 'Traitements à la sortie',
      'pending-results': 'Résultats en attente',
      'follow-up': 'Suites à donner',
      devices: 'Dispositifs médicaux',
      allergies: 'Allergies',
      results: 'Résultats',
      'medications-during-stay': 'Traitements pendant le séjour',
      diagnoses: 'Diagnostics',
      'admission-evaluation': 'Évaluation à l’admission',
      alerts: 'Alertes',
      other: 'Autres informations',
    })[kind],
  dsYes: 'Oui',
  dsNo: 'Non',
  dsWarnings: (n: number): string =>
    n === 1
      ? '1 remarque sur la lecture du courrier'
      : `${count(n)} remarques sur la lecture du courrier`,
  dsWarning: (code: LetterWarningCode): string =>
    ({
      'not-ldl-ses':
        'Ce document CDA ne suit pas le modèle LDL-SES de l’ANS\u00a0: certaines rubriques peuvent ne pas avoir été reconnues.',
      'not-hdr':
        'Ce document FHIR n’est pas un compte rendu de sortie HL7 Europe\u00a0: certaines rubriques peuvent ne pas avoir été reconnues.',
      'no-namespace': 'Le document n’utilise pas l’espace de noms CDA\u00a0; il a été lu tel quel.',
      'encoding-repaired': 'Des caractères mal encodés (accents) ont été corrigés à la lecture.',
      'encoding-mismatch':
        'L’encodage annoncé par le document ne correspondait pas à son contenu\u00a0; il a été corrigé.',
      'replacement-characters': 'Certains caractères du document sont illisibles (�).',
      'mojibake-suspected':
        'Certains accents semblent mal encodés\u00a0: vérifiez le texte dans le document original.',
      'narrative-not-well-formed':
        'Une partie du texte était mal formée\u00a0: seul son texte brut a été conservé.',
      'narrative-truncated': 'Un texte trop profondément imbriqué a été simplifié.',
      'unresolved-reference': 'Des données structurées renvoient à un texte absent du courrier.',
      'stopped-without-reason': 'Un traitement arrêté n’a pas de motif d’arrêt.',
      'inconsistent-dates': 'Certaines dates du courrier ne concordent pas avec celles du séjour.',
      unstructured: 'Le courrier n’est pas structuré.',
      'pdf-text-unavailable': 'Le texte du PDF n’a pas pu être extrait (document numérisé\u00a0?).',
    })[code],
  dsPdfTitle: 'Courrier au format PDF',
  dsPdfNote:
    'Ce courrier n’est pas structuré\u00a0: les traitements, les résultats en attente et les suites à donner ne peuvent pas être mis en évidence. Lisez le PDF.',
  dsPdfPages: (n: number): string => (n === 1 ? '1 page' : `${count(n)} pages`),
  dsPdfText: 'Texte extrait du PDF',
  dsOpenPdf: 'Ouvrir le PDF',
  dsOpenOriginal: 'Ouvrir le document original',
  dsDownloadOriginal: 'Télécharger',
  dsOriginalFormat: (format: string): string => `(${format})`,
  dsNewTab: '(nouvel onglet)',
  dsImageOmitted: 'Image non affichée',
  dsModel: (model: string): string => `Modèle\u00a0: ${model}`,
};
