/** Fictitious French given and family names for the demo seed (any resemblance is coincidental). */
export const GIVEN_F = [
  'Marie', 'Sophie', 'Claire', 'Camille', 'Julie', 'Nathalie', 'Isabelle', 'Aurélie', 'Émilie', 'Céline',
  'Hélène', 'Laure', 'Anne', 'Chloé', 'Manon', 'Léa', 'Inès', 'Sarah', 'Pauline', 'Agnès',
  'Brigitte', 'Valérie', 'Sandrine', 'Mathilde', 'Élodie', 'Margaux', 'Lucie', 'Amandine', 'Noémie', 'Yasmine',
];
export const GIVEN_M = [
  'Jean', 'Pierre', 'Paul', 'Karim', 'Thomas', 'Nicolas', 'Julien', 'Antoine', 'François', 'Olivier',
  'Mathieu', 'Laurent', 'Hugo', 'Louis', 'Gabriel', 'Arthur', 'Mehdi', 'Yann', 'Benoît', 'Éric',
  'Philippe', 'Vincent', 'Sébastien', 'Guillaume', 'Romain', 'Damien', 'Xavier', 'Théo', 'Bruno', 'Alain',
];
export const FAMILY = [
  'Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau',
  'Simon', 'Laurent', 'Lefebvre', 'Michel', 'Garcia', 'David', 'Bertrand', 'Roux', 'Vincent', 'Fournier',
  'Morel', 'Girard', 'André', 'Lefèvre', 'Mercier', 'Dupont', 'Lambert', 'Bonnet', 'François', 'Martinez',
  'Legrand', 'Garnier', 'Faure', 'Rousseau', 'Blanc', 'Guérin', 'Muller', 'Henry', 'Roussel', 'Nicolas',
  'Perrin', 'Morin', 'Mathieu', 'Clément', 'Gauthier', 'Dumont', 'Lopez', 'Fontaine', 'Chevalier', 'Robin',
  'Masson', 'Sanchez', 'Gérard', 'Nguyen', 'Boyer', 'Denis', 'Lemaire', 'Duval', 'Joly', 'Gautier',
  'Roger', 'Roche', 'Roy', 'Noël', 'Meyer', 'Lucas', 'Meunier', 'Jean', 'Perez', 'Marchand',
  'Dufour', 'Blanchard', 'Marie', 'Barbier', 'Brun', 'Dumas', 'Brunet', 'Schmitt', 'Leroux', 'Colin',
  'Fernandez', 'Pierre', 'Renard', 'Arnaud', 'Rolland', 'Caron', 'Aubert', 'Giraud', 'Leclerc', 'Vidal',
  'Bourgeois', 'Renaud', 'Lemoine', 'Picard', 'Gaillard', 'Philippe', 'Leclercq', 'Lacroix', 'Fabre', 'Dupuis',
  'Benali', 'Haddad', 'Diallo', 'Traoré', 'Moulin', 'Charpentier', 'Royer', 'Lebrun', 'Benoît', 'Carpentier',
];

/** Removes accents and lowercases, for ids and e-mail addresses. */
export function slug(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
