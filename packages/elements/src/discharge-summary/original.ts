/**
 * The "original document" link of `<lien-discharge-summary>`: a Blob URL of the letter as
 * received, opened in a new tab or downloaded.
 *
 * The document is never opened as markup: CDA XML and FHIR JSON become `text/plain` Blobs (an XML
 * opened as `application/xml` would apply the `<?xml-stylesheet?>` a letter may carry, at the
 * page's origin, since Blob URLs share it); a PDF is re-typed `application/pdf` whatever type
 * the server sent (a Blob typed `text/html` would otherwise run as a page of the host's origin).
 * A PDF given by URL is linked only when the URL is `http(s):` or `blob:`.
 */
import type { LetterContent } from '@lien/client';
import type { DischargeLetterView } from '@lien/client/letters';

/** A link to the original document. */
export interface OriginalLink {
  /** Blob URL (or the PDF's own URL). */
  href: string;
  /** File name for the download link; absent when the browser cannot download it (cross-origin URL). */
  download?: string;
  /** `XML`, `JSON` or `PDF`, shown beside the link. */
  format: 'XML' | 'JSON' | 'PDF';
}

const fileName = (view: DischargeLetterView | undefined, extension: string) => {
  const date = (view?.header.dischargeDate ?? view?.header.documentDate ?? '').slice(0, 10);
  return `lettre-de-liaison${/^\d{4}-\d{2}-\d{2}$/.test(date) ? `-${date}` : ''}.${extension}`;
};

function linkableUrl(url: string): string | undefined {
  try {
    const parsed = new URL(url, document.baseURI);
    return ['http:', 'https:', 'blob:'].includes(parsed.protocol) ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/** Holds at most one Blob URL, for the content shown; revokes it when the content changes. */
export class OriginalDocument {
  private key?: object;
  private link?: OriginalLink;
  private blobUrl?: string;

  /** The link for this content (or, without content, the view's PDF), created once per content. */
  linkFor(
    content: LetterContent | undefined,
    view: DischargeLetterView | undefined,
  ): OriginalLink | undefined {
    const key = content ?? view?.pdf;
    if (!key) {
      this.release();
      return undefined;
    }
    if (key === this.key) return this.link;
    this.release();
    this.key = key;
    this.link = this.create(content, view);
    return this.link;
  }

  /** Revokes the Blob URL (on disconnect, or when the content changes). */
  release(): void {
    if (this.blobUrl) URL.revokeObjectURL(this.blobUrl);
    this.blobUrl = undefined;
    this.key = undefined;
    this.link = undefined;
  }

  private blob(blob: Blob, download: string, format: OriginalLink['format']): OriginalLink {
    this.blobUrl = URL.createObjectURL(blob);
    return { href: this.blobUrl, download, format };
  }

  private create(
    content: LetterContent | undefined,
    view: DischargeLetterView | undefined,
  ): OriginalLink | undefined {
    if (content?.type === 'cda') {
      const blob = new Blob([content.xml], { type: 'text/plain;charset=utf-8' });
      return this.blob(blob, fileName(view, 'xml'), 'XML');
    }
    if (content?.type === 'fhir') {
      const blob = new Blob([JSON.stringify(content.bundle, null, 2)], {
        type: 'text/plain;charset=utf-8',
      });
      return this.blob(blob, fileName(view, 'json'), 'JSON');
    }
    const pdfBlob = content?.type === 'pdf' && 'blob' in content ? content.blob : view?.pdf?.blob;
    if (pdfBlob) {
      return this.blob(
        new Blob([pdfBlob], { type: 'application/pdf' }),
        fileName(view, 'pdf'),
        'PDF',
      );
    }
    const url = content?.type === 'pdf' && 'url' in content ? content.url : view?.pdf?.url;
    const href = url ? linkableUrl(url) : undefined;
    return href ? { href, format: 'PDF' } : undefined;
  }
}
