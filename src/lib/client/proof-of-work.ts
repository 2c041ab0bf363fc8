import type { AltchaWidgetElement } from 'altcha/external';

/** Sent this much later than the server's least time, for the way to the server and back. */
const MARGIN_MS = 500;

/**
 * The robot check of a form (ProofOfWork.svelte's markup: a stand-in button and the `altcha-widget`
 * element). The widget's code is loaded only once the person turns to the form: most readers of the
 * statement page never do. Without JavaScript the form still works; such submissions are marked for
 * the moderators instead.
 */
export class ProofOfWork {
	#form: HTMLFormElement;
	#widget: AltchaWidgetElement | null;
	#standIn: HTMLElement | null;
	#onSending: (sending: boolean) => void;
	#loading: Promise<void> | null = null;
	#running: Promise<void> | null = null;
	/** A submission is held back until the check is done. */
	#waiting = false;
	/** The held-back submission is being sent now, and went (the form did not stop it). */
	#resending = false;
	#resent = false;
	/** When the current check began (its challenge is issued then), and the least time the server wants a form to take. */
	#checkStartedAt = 0;
	#minFillMs = 0;

	/** `onSending` is told when a submission is held back and when it is not any more, for the button to say so. */
	constructor(form: HTMLFormElement, onSending: (sending: boolean) => void) {
		this.#form = form;
		this.#onSending = onSending;
		this.#widget = form.querySelector<AltchaWidgetElement>('altcha-widget');
		this.#standIn = form.querySelector<HTMLElement>('[data-altcha-stand-in]');
		// Listened to before the widget is even defined, so that no check begins unnoticed.
		this.#widget?.addEventListener('statechange', (event) => {
			const { state, payload } = (event as CustomEvent<{ state: string; payload: string | null }>).detail;
			if (state === 'verifying') this.#checkStartedAt = performance.now();
			if (state === 'verified' && payload) this.#minFillMs = minFillOf(payload) * 1000;
		});
		this.#standIn?.addEventListener('click', () => this.start());
	}

	/** Loads the widget and starts the check, unless it runs or is done (on the form's first focus, or the stand-in pressed). */
	start(): Promise<void> {
		return this.#load().then(
			() => this.#check(),
			() => undefined
		);
	}

	#load(): Promise<void> {
		this.#loading ??= (async () => {
			await import('altcha/external');
			const { default: Pbkdf2Worker } = await import('altcha/workers/pbkdf2?worker');
			// The widget's words come from our dictionaries (ProofOfWork.svelte writes them into the page), over its English ones.
			const lang = this.#widget?.getAttribute('language');
			const words = this.#widget?.dataset.strings;
			if (lang && words) globalThis.$altcha.i18n.set(lang, { ...globalThis.$altcha.i18n.get('en'), ...JSON.parse(words) });
			globalThis.$altcha.algorithms.set('PBKDF2/SHA-256', () => new Pbkdf2Worker());
			// The widget shows itself now, instead of the stand-in (a keyboard's focus moves on to it).
			const focused = this.#standIn !== null && document.activeElement === this.#standIn;
			this.#standIn?.remove();
			if (focused) (this.#widget?.querySelector<HTMLElement>('input') ?? this.#widget?.shadowRoot?.querySelector<HTMLElement>('input'))?.focus();
		})();
		return this.#loading;
	}

	/** Starts the check unless one is running or done (the widget's own "auto" is not used: two checks at once abort each other). */
	#check(): Promise<void> {
		const widget = this.#widget;
		const state = widget?.getState?.();
		if (!widget || state === 'verified') return Promise.resolve();
		// A check already running is waited for: starting another would abort it, and the widget
		// would show "Verification failed" until the new one is done. (The widget says "verifying"
		// only a moment after verify() is called: the check started here is remembered.)
		if (this.#running) return this.#running;
		if (state === 'verifying') return settled(widget);
		this.#running = widget
			.verify()
			.then(
				() => undefined,
				() => undefined
			)
			.finally(() => (this.#running = null));
		return this.#running;
	}

	/** True for the submission this check sends itself once it is done: the form lets it go. */
	isResubmission(): boolean {
		if (this.#resending) this.#resent = true;
		return this.#resending;
	}

	/**
	 * For the form's submit handler. While the proof-of-work is still running, the submission is held
	 * back and the form sent again once it is done; if it fails, the form goes without it (and the
	 * server keeps the submission for review). A form filled in faster than the server takes from a
	 * person (a browser's autofill) is held back until then too, instead of being dropped as a bot's.
	 */
	holdUntilReady(event: SubmitEvent) {
		const widget = this.#widget;
		if (!widget || (widget.getState?.() === 'verified' && this.#tooSoonBy() === 0)) return;
		event.preventDefault();
		// Pressed again while waiting: the form is already on its way.
		if (this.#waiting) return;
		this.#waiting = true;
		this.#onSending(true);
		// Sent before the widget's code arrived (a browser's autofill, a quick keyboard): fetched now.
		// If it cannot be, the form goes without the check.
		this.start()
			.then(() => new Promise((resolve) => setTimeout(resolve, widget.getState?.() === 'verified' ? this.#tooSoonBy() : 0)))
			.finally(() => {
				this.#waiting = false;
				this.#resending = true;
				this.#resent = false;
				try {
					this.#form.requestSubmit();
				} finally {
					this.#resending = false;
				}
				// Gone: the button says so until the next page. Stopped by the form itself (a field no
				// longer valid): the form says why, and the button is a button again.
				if (!this.#resent) this.#onSending(false);
			});
	}

	/** How much sooner than the server's least time the form would arrive now (ms; 0 when it may go). */
	#tooSoonBy(): number {
		if (!this.#minFillMs) return 0;
		return Math.max(0, Math.ceil(this.#checkStartedAt + this.#minFillMs + MARGIN_MS - performance.now()));
	}
}

/** The server's least time for filling in the form, as its challenge states it (seconds; 0 if absent). */
function minFillOf(payload: string): number {
	try {
		const seconds = Number(JSON.parse(atob(payload))?.challenge?.parameters?.data?.minFillSeconds);
		return Number.isFinite(seconds) && seconds > 0 ? seconds : 0;
	} catch {
		return 0;
	}
}

/** Resolves when the widget's running check ends, verified or not. */
function settled(element: AltchaWidgetElement): Promise<void> {
	return new Promise((resolve) => {
		const onChange = (event: Event) => {
			if ((event as CustomEvent<{ state: string }>).detail.state === 'verifying') return;
			element.removeEventListener('statechange', onChange);
			resolve();
		};
		element.addEventListener('statechange', onChange);
	});
}
