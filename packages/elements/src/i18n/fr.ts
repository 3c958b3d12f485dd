/**
 * French translation table: the source of truth. Every other table has the same keys and the same
 * term signatures (checked by the type {@link Translation}). Terms that depend on a number or a
 * name are functions, so plurals and word order stay in the hands of the translator.
 */
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
  careCircleLoaded: (members: string): string => `Cercle de soins chargé (${members}).`,
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
  errorNoPatient: 'Aucun patient n’est indiqué.',
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
};
