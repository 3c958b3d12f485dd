#!/usr/bin/env node
// Builds the PDF-only demo letters (pdf-only-demo-*.pdf): small, valid, single-page PDF 1.4 files
// holding the text of fictitious discharge letters, written by hand (no dependency): Helvetica with
// WinAnsiEncoding, one uncompressed content stream (so that the seed finds the INS and the hospital
// in it), a correct cross-reference table. Deterministic output.
// Usage: node packages/server/seed/letters/make-pdf.mjs
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * The letters. `lines`: [style, text]; style `t` title, `h` heading, `p` plain, `` a blank line.
 * `title` and `created` (PDF date) go to the document information; the seed dates the letter by
 * `created`. Professionals are the demo seed's (same names, RPPS and organisations).
 */
const LETTERS = [
  {
    file: 'pdf-only-demo-1.pdf',
    title: 'Lettre de liaison - Inès HADDAD (démonstration)',
    created: "D:20250205160000+01'00'",
    lines: [
      ['t', 'Centre hospitalier universitaire Lyon-Sud'],
      ['p', 'Service de médecine interne - FINESS 690784152'],
      ['p', '165 chemin du Grand Revoyet, 69310 Pierre-Bénite - 04 78 86 10 00'],
      ['', ''],
      ['h', 'LETTRE DE LIAISON A LA SORTIE'],
      ['p', 'Pierre-Bénite, le 5 février 2025'],
      ['', ''],
      ['p', 'Patiente : Mme Inès HADDAD, née le 21/05/1990 - INS (test) 290056938101711'],
      ['p', 'Séjour : du 03/02/2025 (entrée par les urgences) au 05/02/2025 (retour à domicile)'],
      [
        'p',
        'Médecin traitant : Dr Paul RICHARD, Cabinet médical de la Croix-Rousse - Destinataire',
      ],
      ['', ''],
      ['h', "Motif d'hospitalisation"],
      [
        'p',
        'Fièvre à 39,5 °C, frissons, douleur lombaire droite et brûlures mictionnelles depuis 48 h,',
      ],
      ['p', 'vomissements empêchant un traitement par voie orale : pyélonéphrite aiguë droite.'],
      ['', ''],
      ['h', 'Synthèse du séjour'],
      [
        'p',
        'Pyélonéphrite aiguë droite sans signe de gravité. Échographie rénale : pas d’obstacle.',
      ],
      [
        'p',
        'Test de grossesse négatif. ECBU : Escherichia coli sensible aux céphalosporines de 3e',
      ],
      [
        'p',
        'génération. Ceftriaxone IV, relais per os le 05/02/2025 ; apyrexie depuis le 04/02/2025.',
      ],
      ['p', 'Pas de transfusion, pas d’événement indésirable.'],
      ['', ''],
      ['h', 'Traitements à la sortie'],
      [
        'p',
        '- CEFIXIME 200 mg : 1 comprimé matin et soir jusqu’au 12/02/2025 inclus (10 jours en tout)',
      ],
      ['p', '  (nouveau).'],
      [
        'p',
        '- PARACETAMOL 1 g : 1 comprimé toutes les 6 h si fièvre ou douleur, 5 jours au maximum',
      ],
      ['p', '  (nouveau).'],
      ['p', '- Contraception orale habituelle poursuivie.'],
      ['h', 'Traitements arrêtés'],
      ['p', 'Aucun.'],
      ['', ''],
      ['h', 'Résultats attendus'],
      [
        'p',
        'Hémocultures du 03/02/2025 : stériles à 48 h, résultat définitif à 5 jours ; il sera adressé',
      ],
      ['p', 'au médecin traitant.'],
      ['', ''],
      ['h', 'Suites à donner'],
      ['p', '- Consultation chez le médecin traitant à la fin du traitement (vers le 13/02/2025).'],
      [
        'p',
        '- Pas d’ECBU de contrôle si l’évolution est favorable. Boire au moins 1,5 L par jour.',
      ],
      [
        'p',
        '- Reconsulter en cas de fièvre après 72 h de traitement, de douleurs croissantes ou de',
      ],
      ['p', '  vomissements.'],
      ['', ''],
      ['p', 'Dr Olivier PEREZ, médecine interne - RPPS 10990000076'],
      ['', ''],
      ['p', 'Document de démonstration Lien : patiente et professionnels fictifs.'],
    ],
  },
  {
    file: 'pdf-only-demo-2.pdf',
    title: 'Lettre de liaison - Lucien MOREL (démonstration)',
    created: "D:20240614153000+02'00'",
    lines: [
      ['t', 'Centre hospitalier universitaire Lyon-Sud'],
      ['p', 'Service de cardiologie - FINESS 690784152'],
      ['p', '165 chemin du Grand Revoyet, 69310 Pierre-Bénite - 04 78 86 10 00'],
      ['', ''],
      ['h', 'LETTRE DE LIAISON A LA SORTIE'],
      ['p', 'Pierre-Bénite, le 14 juin 2024'],
      ['', ''],
      ['p', 'Patient : M. Lucien MOREL, né le 02/11/1938 - INS (test) 138116912304538'],
      ['p', 'Séjour : du 11/06/2024 (entrée par les urgences) au 14/06/2024 (retour à domicile)'],
      [
        'p',
        'Médecin traitant : Dr Paul RICHARD, Cabinet médical de la Croix-Rousse - Destinataire',
      ],
      ['', ''],
      ['h', "Motif d'hospitalisation"],
      [
        'p',
        'Malaise avec perte de connaissance brève à domicile ; bradycardie à 34/min aux urgences.',
      ],
      ['', ''],
      ['h', 'Synthèse du séjour'],
      [
        'p',
        'Bloc auriculo-ventriculaire complet, sans cause médicamenteuse ni métabolique retrouvée.',
      ],
      [
        'p',
        'Implantation d’un stimulateur cardiaque double chambre le 12/06/2024, sans complication.',
      ],
      [
        'p',
        'Échocardiographie : FEVG 60 %, pas de valvulopathie. Pas de transfusion, pas d’événement',
      ],
      ['p', 'indésirable.'],
      ['', ''],
      ['h', 'Traitements à la sortie'],
      ['p', '- AMLODIPINE 10 mg : 1 comprimé le matin (poursuivi).'],
      ['p', '- HYDROCHLOROTHIAZIDE 25 mg : 1 comprimé le matin (poursuivi).'],
      ['p', '- ZOPICLONE 7,5 mg : 1 comprimé au coucher (poursuivi).'],
      [
        'p',
        '- PARACETAMOL 1 g : 1 comprimé toutes les 6 h si douleur de la loge, 5 jours au maximum',
      ],
      ['p', '  (nouveau).'],
      ['h', 'Traitements arrêtés'],
      ['p', 'Aucun.'],
      ['', ''],
      ['h', 'Résultats attendus'],
      ['p', 'Aucun.'],
      ['', ''],
      ['h', 'Suites à donner'],
      ['p', '- Soins infirmiers : pansement de la loge tous les 2 jours, ablation des fils à J10.'],
      ['p', '- Ne pas lever le bras gauche au-dessus de l’épaule pendant 1 mois.'],
      [
        'p',
        '- Contrôle du stimulateur en consultation de cardiologie le 16/07/2024 à 9 h 30 (Dr ROGER).',
      ],
      ['p', '- Carte de porteur de stimulateur cardiaque remise au patient.'],
      ['', ''],
      ['p', 'Dr Vincent ROGER, cardiologue - RPPS 10990000068'],
      ['', ''],
      ['p', 'Document de démonstration Lien : patient et professionnels fictifs.'],
    ],
  },
];

/** Windows-1252 bytes of the characters WinAnsiEncoding shares with Latin-1, plus the few others used here. */
const WIN_ANSI_EXTRA = {
  '\u2019': 0x92,
  '\u2013': 0x96,
  '\u2014': 0x97,
  '\u0153': 0x9c,
  '\u20ac': 0x80,
};

/** A PDF literal string: parentheses and backslashes escaped, non-ASCII as octal WinAnsi bytes. */
function literal(text) {
  let out = '(';
  for (const ch of text) {
    const code = WIN_ANSI_EXTRA[ch] ?? ch.codePointAt(0);
    if (code > 0xff) throw new Error(`No WinAnsi byte for ${JSON.stringify(ch)}`);
    if (ch === '(' || ch === ')' || ch === '\\') out += `\\${ch}`;
    else if (code < 0x20 || code > 0x7e) out += `\\${code.toString(8).padStart(3, '0')}`;
    else out += ch;
  }
  return `${out})`;
}

/** The page's content stream: one text object, one line per entry. */
function contentStream(letter) {
  const lines = ['BT', '50 790 Td', '13 TL'];
  let font = '';
  for (const [style, text] of letter.lines) {
    if (style === '') {
      lines.push('T*');
      continue;
    }
    const wanted = style === 't' ? '/F2 13 Tf' : style === 'h' ? '/F2 10.5 Tf' : '/F1 10 Tf';
    if (wanted !== font) {
      lines.push(wanted);
      font = wanted;
    }
    lines.push(`${literal(text)} '`);
  }
  lines.push('ET');
  return `${lines.join('\n')}\n`;
}

function build(letter) {
  const content = contentStream(letter);
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>',
    `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}endstream`,
    `<< /Title ${literal(letter.title)} /Producer (Lien make-pdf.mjs) /CreationDate (${letter.created}) >>`,
  ];
  let pdf = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(pdf, 'latin1'));
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(pdf, 'latin1');
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) pdf += `${String(offset).padStart(10, '0')} 00000 n \n`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info ${objects.length} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}

for (const letter of LETTERS) {
  const target = join(here, letter.file);
  writeFileSync(target, build(letter));
  console.log(`wrote ${target}`);
}
