/**
 * Builds a fake `LienDomainApi` for one test: every method not given rejects, so a test states
 * exactly which calls it expects. Not part of the published build.
 */
import type { LienDomainApi } from '@lien/client';

export function fakeClient(methods: Partial<LienDomainApi> = {}): LienDomainApi {
  const unexpected = (name: string) => () =>
    Promise.reject(new Error(`Unexpected call to ${name} in this test`));
  return {
    baseUrl: 'https://lien.test/fhir',
    currentUser: unexpected('currentUser'),
    getCareCircle: unexpected('getCareCircle'),
    declareSelf: unexpected('declareSelf'),
    withdrawSelf: unexpected('withdrawSelf'),
    breakTheGlass: unexpected('breakTheGlass'),
    listDischargeLetters: unexpected('listDischargeLetters'),
    getLetter: unexpected('getLetter'),
    ...methods,
  };
}

/** A promise and its resolvers, to hold a fake request pending. */
export function deferred<T>(): {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
} {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Text content of an element's shadow root, with whitespace collapsed. */
export function shadowText(element: Element): string {
  return (element.shadowRoot?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** The first match of `selector` under `root` (a shadow root, an element); throws when none. */
export function q<T extends Element = HTMLElement>(
  root: ParentNode | null | undefined,
  selector: string,
): T {
  const found = root?.querySelector<T>(selector);
  if (!found) throw new Error(`Nothing matches ${selector}`);
  return found;
}

/** Every match of `selector` under `root`. */
export function qa<T extends Element = HTMLElement>(
  root: ParentNode | null | undefined,
  selector: string,
): T[] {
  return root ? [...root.querySelectorAll<T>(selector)] : [];
}

/** The first member card of a care circle whose text contains `text`; throws when none. */
export function card(circle: Element, text: string): HTMLElement {
  const found = qa(circle.shadowRoot, '[part~="member"]').find((m) =>
    m.textContent?.includes(text),
  );
  if (!found) throw new Error(`No member card containing ${text}`);
  return found;
}

/** Trimmed text content. */
export function text(node: Node | null | undefined): string {
  return (node?.textContent ?? '').trim();
}
