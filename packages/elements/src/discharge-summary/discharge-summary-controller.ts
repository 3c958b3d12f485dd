/**
 * Fills `<lien-discharge-summary>`: the patient's letters (one `listDischargeLetters` request),
 * then the chosen letter (one `getLetter` request) read in the browser with `readLetter` from
 * `@lien/client/letters` (DOMParser for CDA). Both are `@lit/task`s: a change of patient,
 * document, choice or client aborts the request in flight (AbortSignal). A `content` given by the
 * host is read without any request; a `letter` view is rendered by the element as is.
 */
import type { LetterContent, LetterSummary, LienDomainApi } from '@lien/client';
import type { DischargeLetterView } from '@lien/client/letters';
import { LetterReadError, readLetter } from '@lien/client/letters';
import { Task, TaskStatus, initialState } from '@lit/task';
import type { ReactiveControllerHost } from 'lit';
import { LienErrorEvent } from '../events/lien-error.js';
import type { LetterUnreadableReason } from '../events/lien-letter-error.js';
import { LienLetterErrorEvent } from '../events/lien-letter-error.js';
import { isLienError } from '../internal/errors.js';
import { xmlParser } from './xml-parser.js';

/** Where the controller reads its inputs, on each update. */
export interface DischargeSummarySource {
  /** The client, from context. */
  client: LienDomainApi | undefined;
  /** The patient (`Patient/123` or INS `system|value`): latest letter, and a chooser. */
  patient: string | undefined;
  /** One letter, `DocumentReference/…`. */
  document: string | undefined;
  /** A letter's content held by the host: read without any request. */
  content: LetterContent | undefined;
  /** A ready view: nothing to load. */
  letter: DischargeLetterView | undefined;
}

/** A letter read and ready to render, with what it was read from. */
export interface LoadedLetter {
  view: DischargeLetterView;
  /** The original content (for the "original document" link); absent for a `letter` view. */
  content?: LetterContent;
  /** `DocumentReference/…` when loaded through the client. */
  reference?: string;
}

/** A letter that could not be read: the reader's reason (the request, if any, succeeded). */
export class UnreadableLetter extends Error {
  override readonly name = 'UnreadableLetter';
  constructor(
    readonly reason: LetterUnreadableReason,
    /** The reader's error (`LetterReadError`), when there is one. */
    readonly error: unknown,
    /** The content that could not be read, still offered as the original document. */
    readonly content: LetterContent | undefined,
    readonly reference: string | undefined,
  ) {
    super(`The letter cannot be read (${reason}).`);
  }
}

/** True for a `LetterReadError` (also from a second bundled copy of the client). */
export function isLetterReadError(error: unknown): error is LetterReadError {
  return error instanceof LetterReadError || (isLienError(error) && 'reason' in error);
}

const isAbort = (error: unknown) =>
  (isLienError(error) && error.code === 'aborted') ||
  (error instanceof DOMException && error.name === 'AbortError');

/** Newest first (by document date, else end of stay); undated letters last, order kept. */
export function sortLetters(letters: readonly LetterSummary[]): LetterSummary[] {
  const time = (l: LetterSummary) => Date.parse(l.date ?? l.period?.end ?? '') || -Infinity;
  return letters
    .map((letter, index) => ({ letter, index }))
    .sort((a, b) => time(b.letter) - time(a.letter) || a.index - b.index)
    .map(({ letter }) => letter);
}

type ListArgs = readonly [LienDomainApi | undefined, string | undefined];
type LetterArgs = readonly [
  LienDomainApi | undefined,
  string | undefined,
  LetterSummary['format'] | undefined,
  LetterContent | undefined,
];

/**
 * Loads the letters of the host's patient and the letter shown, through two `@lit/task`s (which
 * are the reactive controllers: they attach themselves to the host).
 */
export class DischargeSummaryController {
  /** The patient's letters, newest first (patient mode only). */
  readonly list: Task<ListArgs, LetterSummary[]>;
  /** The letter shown (patient, document or content mode). */
  readonly letter: Task<LetterArgs, LoadedLetter>;
  private readonly host: ReactiveControllerHost & HTMLElement;
  private readonly source: () => DischargeSummarySource;
  /** The letter the user chose in the chooser, for `chosenFor` patient. */
  private chosen?: { patient: string; reference: string };

  constructor(host: ReactiveControllerHost & HTMLElement, source: () => DischargeSummarySource) {
    this.host = host;
    this.source = source;
    this.list = new Task<ListArgs, LetterSummary[]>(host, {
      args: (): ListArgs => {
        const { client, patient, document, content, letter } = this.source();
        return [client, letter || content || document ? undefined : patient];
      },
      task: async ([client, patient], { signal }) => {
        if (!client || !patient) return initialState;
        return sortLetters(await client.listDischargeLetters(patient, { signal }));
      },
      onError: (error) => this.failed(error, undefined),
    });
    this.letter = new Task<LetterArgs, LoadedLetter>(host, {
      args: (): LetterArgs => {
        const { client, content, letter } = this.source();
        if (letter) return [undefined, undefined, undefined, undefined];
        if (content) return [undefined, undefined, undefined, content];
        const summary = this.summary;
        return [client, this.reference, summary?.format, undefined];
      },
      task: async ([client, reference, format, content], { signal }) => {
        if (content) return read(content, undefined);
        if (!client || !reference) return initialState;
        if (format === 'unknown') {
          throw new UnreadableLetter('unsupported-format', undefined, undefined, reference);
        }
        const summary = this.summary;
        const fetched = await client.getLetter(reference, { signal }).catch((error: unknown) => {
          // A letter named by `document` whose format the client does not read (found only now).
          if (isLienError(error) && error.issues.some((issue) => issue.code === 'not-supported'))
            throw new UnreadableLetter('unsupported-format', error, undefined, reference);
          throw error;
        });
        signal.throwIfAborted();
        const loaded = await read(fetched, reference);
        return { ...loaded, view: withIndexFacts(loaded.view, summary) };
      },
      onError: (error) => this.failed(error, this.reference),
    });
  }

  /** The reference of the letter to show: `document`, the user's choice, else the newest. */
  get reference(): string | undefined {
    const { document, patient } = this.source();
    if (document) return document;
    const letters = this.letters;
    if (!letters || !patient) return undefined;
    const chosen = this.chosen?.patient === patient ? this.chosen.reference : undefined;
    return letters.find((l) => l.reference === chosen)?.reference ?? letters[0]?.reference;
  }

  /** The summary of the letter shown, in patient mode. */
  get summary(): LetterSummary | undefined {
    const reference = this.reference;
    return this.letters?.find((l) => l.reference === reference);
  }

  /** The patient's letters, once listed (patient mode). */
  get letters(): LetterSummary[] | undefined {
    return this.list.status === TaskStatus.COMPLETE ? this.list.value : undefined;
  }

  /** Shows another of the patient's letters. */
  choose(reference: string): void {
    const { patient } = this.source();
    if (!patient) return;
    this.chosen = { patient, reference };
    this.host.requestUpdate();
  }

  /** Loads the list (patient mode) and the letter again. */
  refresh(): void {
    const { letter, content, document } = this.source();
    if (letter) return;
    if (!content && !document) void this.list.run();
    void this.letter.run();
  }

  private failed(error: unknown, reference: string | undefined): void {
    if (isAbort(error)) return;
    if (error instanceof UnreadableLetter) {
      this.host.dispatchEvent(
        new LienLetterErrorEvent({
          error: error.error ?? error,
          reason: error.reason,
          ...(error.reference ? { reference: error.reference } : {}),
        }),
      );
      return;
    }
    if (isLienError(error)) {
      this.host.dispatchEvent(new LienErrorEvent({ error, operation: 'load' }));
    }
    this.host.dispatchEvent(
      new LienLetterErrorEvent({ error, ...(reference ? { reference } : {}) }),
    );
  }
}

/**
 * A PDF-only letter has no structured header: what the server's index says of it (facility,
 * date, stay, author, title) fills the gaps, so that the GP still sees who wrote it and when.
 * A structured letter keeps its own header only: what it lacks must show as absent.
 */
export function withIndexFacts(
  view: DischargeLetterView,
  summary: LetterSummary | undefined,
): DischargeLetterView {
  if (view.source !== 'pdf' || !summary) return view;
  const header = { ...view.header };
  if (!header.facility && summary.facility) {
    header.facility = { name: summary.facility, identifiers: [] };
  }
  if (!header.documentDate && summary.date) header.documentDate = summary.date;
  if (!header.admissionDate && summary.period?.start) header.admissionDate = summary.period.start;
  if (!header.dischargeDate && summary.period?.end) header.dischargeDate = summary.period.end;
  if (!header.author && summary.author) {
    header.author = { name: { text: summary.author }, phones: [] };
  }
  if (!header.title && summary.title) header.title = summary.title;
  return { ...view, header };
}

/** Reads content into a view; a document that cannot be read becomes an {@link UnreadableLetter}. */
async function read(content: LetterContent, reference: string | undefined): Promise<LoadedLetter> {
  try {
    const view = await readLetter(content, { domParser: xmlParser });
    return { view, content, ...(reference ? { reference } : {}) };
  } catch (error) {
    const reason: LetterUnreadableReason = isLetterReadError(error) ? error.reason : 'unreadable';
    throw new UnreadableLetter(reason, error, content, reference);
  }
}
