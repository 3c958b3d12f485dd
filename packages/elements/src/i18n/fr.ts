/**
 * French translation table: the source of truth. Every other table has the same keys and the same
 * term signatures (checked by the type {@link Translation}). Terms that depend on a number or a
 * name are functions, so plurals and word order stay in the hands of the translator.
 */
import type {
  FollowUpKind,
  LetterSectionKind,
  LetterWarningCode,
  MandatoryItem,
  TreatmentStatus,
} from '@lien/client/letters';
import type { LetterUnreadableReason } from '../events/lien-letter-error.js';
import { SYSTEMS } from '@lien/client/systems';
import type { CodeLabels, NameParts } from './types.js';

const count = (n: number) => new Intl.NumberFormat('fr').format(n);

export const fr = {
  $code: 'fr',
  $name: 'Français',
  $dir: 'ltr',
  /**
   * Labels of the nomenclatures Lien relies on, by code system URL. {@link LocalizeController.label}
   * looks a code up here first, then shows the label its source gave, then the code.
   */
  $codes: {
    // TRE_G15 professions.
    [SYSTEMS.profession]: {
      '10': 'Médecin',
      '21': 'Pharmacien',
      '26': 'Audioprothésiste',
      '28': 'Opticien-lunetier',
      '40': 'Chirurgien-dentiste',
      '50': 'Sage-femme',
      '60': 'Infirmier',
      '70': 'Masseur-kinésithérapeute',
      '80': 'Pédicure-podologue',
      '91': 'Orthophoniste',
      '92': 'Orthoptiste',
      '94': 'Ergothérapeute',
      '95': 'Diététicien',
      '96': 'Psychomotricien',
    },
    // TRE_R38 specialties.
    [SYSTEMS.specialty]: {
      SM02: 'Anesthésie-réanimation',
      SM04: 'Cardiologie et maladies vasculaires',
      SM05: 'Chirurgie générale',
      SM15: 'Dermatologie et vénéréologie',
      SM16: 'Endocrinologie et métabolisme',
      SM19: 'Gynécologie médicale',
      SM20: 'Gynécologie-obstétrique',
      SM22: 'Hépato-gastro-entérologie',
      SM24: 'Médecine du travail',
      SM26: 'Médecine générale',
      SM27: 'Médecine interne',
      SM28: 'Médecine nucléaire',
      SM29: 'Médecine physique et de réadaptation',
      SM30: 'Néphrologie',
      SM32: 'Neurologie',
      SM38: 'Oncologie médicale',
      SM40: 'Pédiatrie',
      SM41: 'Pneumologie',
      SM42: 'Psychiatrie',
      SM44: 'Radiodiagnostic et imagerie médicale',
      SM46: 'Rhumatologie',
      SM53: 'Gériatrie',
      SM54: 'Médecine d’urgence',
    },
    // HL7 v3 RoleCode: the médecin traitant and family roles.
    [SYSTEMS.roleCode]: {
      PCP: 'Médecin traitant',
      DAU: 'Fille',
      SON: 'Fils',
      CHILD: 'Enfant',
      MTH: 'Mère',
      FTH: 'Père',
      PRN: 'Parent',
      SPS: 'Conjoint',
      WIFE: 'Épouse',
      HUSB: 'Époux',
      SIS: 'Sœur',
      BRO: 'Frère',
      SIB: 'Frère ou sœur',
      FRND: 'Ami',
      NBOR: 'Voisin',
    },
  } as CodeLabels,

  /** Formats a person's name the French way: prefix, given name, family name in capitals. */
  personName: (name: NameParts): string => {
    const prefix = name.prefix?.replace(/\.$/, '');
    const family = name.family?.toLocaleUpperCase('fr');
    const parts = [prefix, name.given, family].filter((part): part is string => !!part?.trim());
    return parts.length > (prefix ? 1 : 0) ? parts.join(' ') : name.text;
  },

  // Care circle
  careCircleTitle: 'Cercle de soins',
  memberCount: (n: number): string =>
    n === 0 ? 'Aucun membre' : n === 1 ? '1 membre' : `${count(n)} membres`,
  filterLabel: 'Filtrer les membres',
  filterHint: 'Nom, profession, spécialité ou établissement',
  filteredCount: (shown: number, total: number): string =>
    shown === 0
      ? `Aucun membre sur ${count(total)} ne correspond`
      : shown === 1
        ? `1 membre sur ${count(total)} correspond`
        : `${count(shown)} membres sur ${count(total)} correspondent`,
  groupGeneralPractitioner: 'Médecin traitant',
  groupHospital: 'Hôpital',
  groupCommunity: 'Ville',
  groupOther: 'Autres intervenants',
  professionOther: 'Autres',
  youBadge: 'Vous',
  roles: (list: string): string => `Rôle\u00a0: ${list}`,
  professionLine: (parts: string[]): string => parts.join(' · '),
  organizationLine: (name: string, city?: string): string => (city ? `${name}, ${city}` : name),
  memberSince: (duration: string, date: string): string => `Depuis ${duration} (${date})`,
  memberSinceToday: (date: string): string => `Depuis aujourd’hui (${date})`,
  memberPeriod: (range: string): string => `A participé\u00a0: ${range}`,
  contactMssante: 'Messagerie MSSanté',
  contactPhone: (phone: string): string => `Tél. ${phone}`,
  contactFor: (name: string): string => `(${name})`,
  contactActions: (name: string): string => `Contacter ${name}`,
  formerMembers: (n: number): string => `Anciens membres (${count(n)})`,
  loading: 'Chargement du cercle de soins…',
  emptyTitle: 'Aucun professionnel n’est encore déclaré',
  emptyBody:
    'Si vous participez à la prise en charge de ce patient, déclarez-vous\u00a0: les autres professionnels pourront vous joindre.',
  errorTitle: 'Le cercle de soins n’a pas pu être chargé',
  forbiddenTitle: 'Accès réservé',
  forbiddenBody:
    'Le cercle de soins n’est visible que des professionnels qui participent à la prise en charge du patient, avec son accord.',
  forbiddenNoRemedy: 'Aucune démarche n’est possible depuis votre compte.',
  retry: 'Réessayer',

  // Errors, by LienError code
  errorNetwork: 'Le serveur ne répond pas. Vérifiez la connexion puis réessayez.',
  errorTimeout: 'Le serveur a mis trop de temps à répondre.',
  errorUnauthorized: 'Votre session a expiré. Reconnectez-vous.',
  errorForbidden: 'Vous n’avez pas accès à ce dossier.',
  errorNotFound: 'Ce patient est introuvable sur le serveur.',
  errorConflict: 'Le dossier a été modifié entre-temps. Réessayez.',
  errorInvalid: 'La demande a été refusée par le serveur.',
  errorServer: 'Une erreur est survenue sur le serveur.',
  errorUnknown: 'Une erreur inattendue est survenue.',
  errorNoClient: 'Le service Lien n’est pas configuré sur cette page.',
  errorDetails: (text: string): string => `Détail\u00a0: ${text}`,

  // Declare actor
  declareButton: 'Me déclarer acteur',
  attestation: 'Je participe à la prise en charge de ce patient et il m’a donné son accord',
  roleLabel: 'Rôle (facultatif)',
  roleNone: 'Non précisé',
  declarePending: 'Déclaration en cours…',
  withdrawPending: 'Retrait en cours…',
  declared: 'Vous êtes acteur de ce dossier',
  withdrawButton: 'Me retirer du cercle de soins',
  announceDeclared: 'Vous êtes maintenant acteur de ce dossier.',
  announceWithdrawn: 'Vous n’êtes plus acteur de ce dossier.',
  declareError: 'La déclaration a échoué.',
  withdrawError: 'Le retrait a échoué.',
  checking: 'Vérification de votre participation…',

  // Break the glass
  btgButton: 'Accès d’urgence (bris de glace)',
  btgTitle: 'Accès d’urgence au dossier',
  btgExplain:
    'Réservé aux médecins, en situation d’urgence, quand l’accord du patient ne peut pas être recueilli.',
  btgTraced:
    'Cet accès est tracé\u00a0: votre identité, l’heure et le motif sont enregistrés. Il est limité dans le temps.',
  btgReasonLabel: 'Motif de l’accès',
  btgReasonHint: (min: number): string => `Au moins ${count(min)} caractères.`,
  btgReasonTooShort: (min: number): string =>
    `Indiquez un motif d’au moins ${count(min)} caractères.`,
  btgSubmit: 'Accéder au dossier',
  btgCancel: 'Annuler',
  btgClose: 'Fermer',
  btgPending: 'Demande en cours…',
  btgGranted: (time: string, relative: string): string =>
    `Accès accordé jusqu’à ${time} (${relative}).`,
  btgError: 'L’accès d’urgence a été refusé.',
  btgActive: (time: string): string =>
    `Accès d’urgence (bris de glace) en cours jusqu’à ${time}. Cet accès est tracé.`,

  // Discharge summary (lettre de liaison de sortie)
  dsTitle: 'Lettre de liaison de sortie',
  dsLoading: 'Chargement du courrier de sortie…',
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
  dsModel: (model: string): string => `Modèle\u00a0: ${model}`,
};
