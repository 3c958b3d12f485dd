/**
 * Fills a care circle for an element: one `client.getCareCircle` request per patient (aborted
 * when the patient or client changes), or none when the host hands the view model directly.
 * Refreshes when a declaration, withdrawal or emergency access for the same patient happens
 * anywhere on the page (the `lien-actor-*` and `lien-break-the-glass` events bubble, composed,
 * up to the document).
 */
import type { CareCircle, LienDomainApi } from '@lien/client';
import { Task, TaskStatus, initialState } from '@lit/task';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { LienActorDeclaredEvent } from '../events/lien-actor-declared.js';
import type { LienActorWithdrawnEvent } from '../events/lien-actor-withdrawn.js';
import type { LienBreakTheGlassEvent } from '../events/lien-break-the-glass.js';
import { LienErrorEvent } from '../events/lien-error.js';
import { isLienError } from '../internal/errors.js';

/** Where the controller reads its inputs, on each update. */
export interface CareCircleSource {
  /** The client, from context. */
  client: LienDomainApi | undefined;
  /** The patient (`Patient/123` or INS `system|value`). */
  patient: string | undefined;
  /** A care circle given directly by the host: rendered without any request. */
  careCircle: CareCircle | undefined;
}

type Args = readonly [LienDomainApi | undefined, string | undefined, CareCircle | undefined];

const CHANGE_EVENTS = ['lien-actor-declared', 'lien-actor-withdrawn', 'lien-break-the-glass'];

/** Reactive controller loading the care circle of the host's patient. */
export class CareCircleController implements ReactiveController {
  /** The underlying task: render with `controller.task.render({ pending, complete, error })`. */
  readonly task: Task<Args, CareCircle>;
  private readonly host: ReactiveControllerHost & HTMLElement;
  private readonly source: () => CareCircleSource;

  constructor(host: ReactiveControllerHost & HTMLElement, source: () => CareCircleSource) {
    this.host = host;
    this.source = source;
    this.task = new Task<Args, CareCircle>(host, {
      args: (): Args => {
        const { client, patient, careCircle } = this.source();
        return [client, patient, careCircle];
      },
      task: async ([client, patient, careCircle], { signal }) => {
        // A care circle given by the host is rendered as is: no request.
        if (careCircle || !client || !patient) return initialState;
        return client.getCareCircle(patient, { signal });
      },
      onError: (error) => {
        if (isLienError(error) && error.code !== 'aborted') {
          this.host.dispatchEvent(new LienErrorEvent({ error, operation: 'load' }));
        }
      },
    });
    host.addController(this);
  }

  /** The loaded care circle, when complete. */
  get value(): CareCircle | undefined {
    return this.task.status === TaskStatus.COMPLETE ? this.task.value : undefined;
  }

  /** Loads the care circle again (no-op when the host gave the view model). */
  refresh(): void {
    if (this.source().careCircle) return;
    void this.task.run();
  }

  hostConnected(): void {
    for (const type of CHANGE_EVENTS) {
      this.host.ownerDocument.addEventListener(type, this.onChange);
    }
  }

  hostDisconnected(): void {
    for (const type of CHANGE_EVENTS) {
      this.host.ownerDocument.removeEventListener(type, this.onChange);
    }
  }

  private readonly onChange = (event: Event): void => {
    const { detail } = event as
      LienActorDeclaredEvent | LienActorWithdrawnEvent | LienBreakTheGlassEvent;
    const { patient } = this.source();
    const loaded = this.task.value?.patient;
    const same =
      detail.patient === patient ||
      (loaded !== undefined && detail.patientReference === loaded) ||
      (patient !== undefined && detail.patientReference === patient);
    if (same) this.refresh();
  };
}
