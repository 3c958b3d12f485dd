#!/usr/bin/env node
// Builds pdf-only-demo-1.pdf: a small, valid, single-page PDF 1.4 holding the text of a
// fictitious discharge letter, written by hand (no dependency): Helvetica with WinAnsiEncoding,
// one uncompressed content stream, a correct cross-reference table. Deterministic output.
// Usage: node packages/server/seed/letters/make-pdf.mjs
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** The letter: [style, text]; style `t` title, `h` heading, `p` plain, `` a blank line. */
const LETTER = [
  ['t', 'Centre hospitalier universitaire Lyon-Sud'],
  ['p', "Service de chirurgie digestive et d'urgence - FINESS 690784152"],
  ['p', '165 chemin du Grand Revoyet, 69310 Pierre-Bénite - 04 78 86 10 00'],
  ['', ''],
  ['h', 'LETTRE DE LIAISON A LA SORTIE'],
  ['p', 'Pierre-Bénite, le 5 février 2025'],
  ['', ''],
  ['p', 'Patiente : Mme Inès HADDAD, née le 21/05/1990 - INS (test) 290056938101711'],
  ['p', 'Séjour : du 03/02/2025 (entrée par les urgences) au 05/02/2025 (retour à domicile)'],
  ['p', 'Médecin traitant : Dr Amélie ROUX, Lyon 7e - Destinataire de ce courrier'],
  ['', ''],
  ['h', "Motif d'hospitalisation"],
  ['p', 'Douleurs de la fosse iliaque droite depuis 24 h, fièvre à 38,4 °C : appendicite aiguë.'],
  ['', ''],
  ['h', 'Synthèse du séjour'],
  [
    'p',
    'Appendicectomie par coelioscopie le 03/02/2025 : appendicite phlegmoneuse, sans perforation.',
  ],
  [
    'p',
    'Suites simples, reprise alimentaire à J1. Pas de transfusion, pas d’événement indésirable.',
  ],
  ['', ''],
  ['h', 'Traitements à la sortie'],
  ['p', '- PARACETAMOL 1 g : 1 comprimé toutes les 6 h si douleur, 5 jours au maximum (nouveau).'],
  [
    'p',
    '- KETOPROFENE 100 mg : 1 comprimé matin et soir pendant 3 jours, pendant le repas (nouveau).',
  ],
  ['p', '- Contraception orale habituelle poursuivie.'],
  ['h', 'Traitements arrêtés'],
  ['p', 'Aucun.'],
  ['', ''],
  ['h', 'Résultats attendus'],
  [
    'p',
    'Examen anatomopathologique de la pièce opératoire : résultat attendu sous 10 jours, il sera',
  ],
  ['p', 'adressé au médecin traitant.'],
  ['', ''],
  ['h', 'Suites à donner'],
  ['p', '- Soins infirmiers : surveillance des orifices de trocart, ablation des fils à J10.'],
  ['p', '- Arrêt de travail de 10 jours. Pas de port de charge lourde pendant 3 semaines.'],
  ['p', '- Consultation de chirurgie le 03/03/2025 à 14 h (Dr MOREAU).'],
  ['p', '- Reconsulter en cas de fièvre, de douleurs croissantes ou de vomissements.'],
  ['', ''],
  ['p', 'Dr Julien MOREAU, chirurgien - RPPS 10998000094'],
  ['', ''],
  ['p', 'Document de démonstration Lien : patiente et professionnels fictifs.'],
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
function contentStream() {
  const lines = ['BT', '50 790 Td', '13 TL'];
  let font = '';
  for (const [style, text] of LETTER) {
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

function build() {
  const content = contentStream();
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>',
    `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}endstream`,
    `<< /Title ${literal('Lettre de liaison - Inès HADDAD (démonstration)')} /Producer (Lien make-pdf.mjs) /CreationDate (D:20250205160000+01'00') >>`,
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

const target = join(here, 'pdf-only-demo-1.pdf');
writeFileSync(target, build());
console.log(`wrote ${target}`);
