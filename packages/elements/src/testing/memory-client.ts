/**
 * An in-memory `LienDomainApi` for stories and demos: one patient's care circle held in memory,
 * declarations and withdrawals applied to it, with a little latency. No server. Not part of
 * the published build.
 */
import type {
  CareCircle,
  CurrentUser,
  DeclarationResult,
  LienDomainApi,
  LienError,
} from '@lien/client';
import { member } from './data.js';

export interface MemoryClientOptions {
  /** The care circle to start from. */
  circle: CareCircle;
  /** The signed-in professional. */
  user: CurrentUser | null;
  /** Latency of each call, in ms (default 600). */
  latency?: number;
  /** When set, `getCareCircle` fails with it until the user declares or breaks the glass. */
  refusal?: LienError;
}

const wait = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new DOMException('Aborted', 'AbortError'));
    });
  });

export function memoryClient(options: MemoryClientOptions): LienDomainApi {
  const latency = options.latency ?? 600;
  let circle = structuredClone(options.circle);
  let refusal = options.refusal;
  let version = Number(circle.version ?? '1');
  const bump = (members: CareCircle['members']) => {
    version += 1;
    circle = { ...circle, members, version: String(version) };
  };
  const me = () =>
    member({
      key: `me-${version}`,
      reference: options.user?.reference ?? 'PractitionerRole/me',
      name: { prefix: 'Dr', given: 'Amina', family: 'Benali', text: options.user?.name ?? 'Moi' },
      organization: {
        reference: 'Organization/chu-lyon',
        name: 'Hôpital Édouard-Herriot (HCL)',
        kind: 'hospital',
        city: 'Lyon',
      },
      since: new Date().toISOString(),
      isCurrentUser: true,
    });
  const unsupported = () => Promise.reject(new Error('Not in this demo'));

  return {
    baseUrl: 'memory://lien/fhir',
    async currentUser() {
      return options.user;
    },
    async getCareCircle(_patient, call) {
      await wait(latency, call?.signal);
      if (refusal) throw refusal;
      return structuredClone(circle);
    },
    async declareSelf(_patient, call): Promise<DeclarationResult> {
      await wait(latency, call.signal);
      refusal = undefined;
      const existing = circle.members.find((m) => m.active && m.isCurrentUser);
      if (existing) return { careCircle: structuredClone(circle), member: existing };
      const added = me();
      bump([...circle.members, added]);
      return { careCircle: structuredClone(circle), member: added };
    },
    async withdrawSelf(_patient, call): Promise<DeclarationResult> {
      await wait(latency, call?.signal);
      const now = new Date().toISOString();
      bump(
        circle.members.map((m) =>
          m.active && m.isCurrentUser ? { ...m, active: false, until: now } : m,
        ),
      );
      return { careCircle: structuredClone(circle) };
    },
    async breakTheGlass(patient, _reason, call) {
      await wait(latency, call?.signal);
      refusal = undefined;
      return { patient, expires: new Date(Date.now() + 4 * 3600e3).toISOString() };
    },
    listDischargeLetters: unsupported,
    getLetter: unsupported,
  };
}
