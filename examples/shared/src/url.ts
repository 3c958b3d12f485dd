/** The view lives in the URL (`?user=<RPPS>&patient=<id>&lang=fr|en`), so that a link opens it. */
import type { Lang } from './i18n.js';
import { toLang } from './i18n.js';

export interface View {
  /** RPPS of the signed-in professional. */
  user: string;
  /** Patient id on the Lien server (`marie-durand`). */
  patient: string;
  lang: Lang;
}

/** The seed's Marie DURAND, seen by her médecin traitant, Dr Paul RICHARD. */
export const DEFAULT_VIEW: View = { user: '10990000019', patient: 'marie-durand', lang: 'fr' };

export function readView(search: string): View {
  const params = new URLSearchParams(search);
  return {
    user: params.get('user')?.trim() || DEFAULT_VIEW.user,
    patient:
      params
        .get('patient')
        ?.trim()
        .replace(/^Patient\//, '') || DEFAULT_VIEW.patient,
    lang: toLang(params.get('lang')),
  };
}

/** Replaces the current history entry's query (no navigation, no new entry). */
export function writeView(view: View): void {
  const search = `?${new URLSearchParams({ ...view }).toString()}`;
  if (search !== location.search) history.replaceState(history.state, '', search);
}
