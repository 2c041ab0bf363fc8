import type { FormKind } from './checks';
import { ProofOfWork } from './proof-of-work';

/**
 * A sign or endorse form (SignForm.svelte, EndorseForm.svelte) that checks itself before it goes:
 * what is wrong is named at the field and listed at the top, as the server does after a refused
 * submission, and a field reported wrong is checked again when the person leaves it. The markup is
 * the server's: every field has its (hidden) error line, and the button says what it says while the
 * form is on its way (`data-sending`).
 */
export function enhanceForm(form: HTMLFormElement) {
	const kind = form.dataset.checks as FormKind;
	const prefix = form.dataset.prefix ?? '';
	const button = form.querySelector<HTMLButtonElement>('button[type="submit"]');
	const buttonText = button?.textContent ?? '';
	const proofOfWork = new ProofOfWork(form, sending);

	/** Field → message, as shown: the server's verdict first (a refused submission), then the form's own. */
	let errors: Record<string, string> = {};
	for (const line of form.querySelectorAll<HTMLElement>('.field__error:not([hidden])')) {
		errors[line.id.slice(prefix.length + 1, -'-error'.length)] = line.textContent ?? '';
	}
	// The list at the top names what is wrong once the person has tried to send; a wrong file chosen
	// before that is named at its field only.
	let attempted = Object.keys(errors).length > 0;

	let findErrors: ((kind: FormKind, form: HTMLFormElement) => Record<string, string>) | null = null;
	let say: (key: string) => string = (key) => key;
	let checks: Promise<void> | null = null;
	/** The checks could not be loaded (the connection): the form goes, and the server checks. */
	let checksMissing = false;
	function loadChecks(): Promise<void> {
		checks ??= import('./checks')
			.then(async (module) => {
				say = await module.loadMessages(document.documentElement.lang);
				findErrors = module.findErrors;
			})
			.catch(() => void (checksMissing = true));
		return checks;
	}

	function found(): Record<string, string> {
		const keys = findErrors?.(kind, form) ?? {};
		return Object.fromEntries(Object.entries(keys).map(([field, key]) => [field, say(key)]));
	}

	function show(field: string, message: string | undefined) {
		const line = form.querySelector<HTMLElement>(`#${prefix}-${field}-error`);
		if (line) {
			line.textContent = message ?? '';
			line.hidden = !message;
		}
		const control = form.querySelector<HTMLElement>(`#${prefix}-${field}`);
		if (!control?.matches('input, select, textarea')) return;
		if (message) control.setAttribute('aria-invalid', 'true');
		else control.removeAttribute('aria-invalid');
		const described = (control.getAttribute('aria-describedby') ?? '').split(' ').filter((id) => id && id !== line?.id);
		if (message && line) described.push(line.id);
		if (described.length) control.setAttribute('aria-describedby', described.join(' '));
		else control.removeAttribute('aria-describedby');
	}

	/**
	 * The list at the top: what was wrong when the person last tried to send, under the server's word
	 * on the whole form if it had one. Written when the form is sent, not as fields are fixed: a list
	 * that shrank under a person's finger would move the link being tapped.
	 */
	function summarise(): HTMLElement | null {
		let summary = form.querySelector<HTMLElement>('.error-summary');
		const formError = summary?.querySelector('.error-summary__form');
		const listed = attempted ? Object.entries(errors) : [];
		if (!listed.length && !formError) {
			summary?.remove();
			return null;
		}
		if (!summary) {
			summary = Object.assign(document.createElement('div'), { className: 'error-summary', tabIndex: -1 });
			summary.setAttribute('role', 'alert');
			form.prepend(summary);
		}
		let heading = summary.querySelector('.error-summary__heading');
		let list = summary.querySelector('ul');
		if (!listed.length) {
			heading?.remove();
			list?.remove();
			return summary;
		}
		heading ??= summary.appendChild(Object.assign(element('p', element('strong', say('sign.errorSummary'))), { className: 'error-summary__heading' }));
		list ??= summary.appendChild(element('ul'));
		// Changed in place, item by item: what is still wrong is not written (and read out) anew.
		const items = new Map([...list.children].map((item) => [item.querySelector('a')?.getAttribute('href'), item]));
		let next: Element | null = list.firstElementChild;
		for (const [field, message] of listed) {
			const href = `#${prefix}-${field}`;
			let item = items.get(href);
			items.delete(href);
			if (item) {
				const link = item.querySelector('a')!;
				if (link.textContent !== message) link.textContent = message;
			} else {
				item = list.insertBefore(element('li', Object.assign(element('a', message), { href })), next);
			}
			next = item.nextElementSibling;
		}
		for (const gone of items.values()) gone.remove();
		return summary;
	}

	function update(next: Record<string, string>) {
		if (JSON.stringify(Object.entries(next)) === JSON.stringify(Object.entries(errors))) return;
		for (const field of new Set([...Object.keys(errors), ...Object.keys(next)])) {
			if (errors[field] !== next[field]) show(field, next[field]);
		}
		errors = next;
	}

	/** Checks one field again (its line and its box; the list at the top waits for the next try): one reported wrong when the person leaves it, a chosen file at once. */
	async function recheck(field: string) {
		if (!Object.hasOwn(errors, field) && field !== 'logo') return;
		await loadChecks();
		// Without its checks the form cannot tell: what the server said stays.
		if (!findErrors) return;
		const verdict = found()[field];
		const next = { ...errors };
		if (verdict) next[field] = verdict;
		else delete next[field];
		update(next);
	}

	function sending(on: boolean) {
		if (!button) return;
		button.setAttribute('aria-disabled', String(on));
		button.textContent = on ? (button.dataset.sending ?? buttonText) : buttonText;
	}

	/** Sent before the checks arrived (a quick keyboard, a browser's autofill): held back until they are here, or for 5 s at most (then the server checks). */
	let waitingForChecks = false;
	const CHECKS_WAIT_MS = 5000;

	/** On its way (the browser is loading the answer): another press sends nothing more. */
	let gone = false;

	form.addEventListener('submit', (event) => {
		if (gone) {
			event.preventDefault();
			return;
		}
		if (!findErrors && !checksMissing) {
			event.preventDefault();
			if (waitingForChecks) return;
			waitingForChecks = true;
			sending(true);
			const givenUp = new Promise<void>((resolve) => setTimeout(resolve, CHECKS_WAIT_MS)).then(() => {
				if (!findErrors) checksMissing = true;
			});
			void Promise.race([loadChecks(), givenUp]).then(() => {
				waitingForChecks = false;
				sending(false);
				form.requestSubmit();
			});
			return;
		}
		const wrong = found();
		if (Object.keys(wrong).length > 0) {
			event.preventDefault();
			attempted = true;
			update(wrong);
			summarise()?.focus();
			return;
		}
		if (!proofOfWork.isResubmission()) proofOfWork.holdUntilReady(event);
		// Going now: the button says so (and a second press is not a second submission).
		if (!event.defaultPrevented) {
			gone = true;
			sending(true);
		}
	});

	// Turned to the form: its checks and the robot check are fetched now, and the check begins.
	form.addEventListener(
		'focusin',
		() => {
			void loadChecks();
			void proofOfWork.start();
		},
		{ once: true }
	);
	form.addEventListener('focusout', (event) => {
		// A file is checked when one is chosen; leaving the picker changes nothing (and the server's
		// verdict on the last file, which the browser cannot repeat, stays).
		const input = event.target as HTMLInputElement;
		if (input.type !== 'file') void recheck(input.name);
	});
	form.addEventListener('change', (event) => {
		const input = event.target as HTMLInputElement;
		if (input.type === 'file') showChosenFile(input);
		void recheck(input.name);
	});
	// Back on this page from the browser's history: the form is not on its way any more.
	window.addEventListener('pageshow', (event) => {
		if (!event.persisted) return;
		gone = false;
		sending(false);
	});

	for (const picker of form.querySelectorAll<HTMLElement>('.file-picker')) enhanceFilePicker(picker);
	for (const counted of form.querySelectorAll<HTMLTextAreaElement>('textarea[data-count]')) countCharacters(counted);

	// A refused submission came back: the list of what is wrong is read out first.
	form.querySelector<HTMLElement>('.error-summary')?.focus();
}

/** The logo picker in the page's language (the browser's own says "Choose file" in the browser's): our button and the chosen file's name. */
function enhanceFilePicker(picker: HTMLElement) {
	picker.classList.add('file-picker--enhanced');
	for (const part of picker.querySelectorAll<HTMLElement>('[data-enhanced]')) part.hidden = false;
}

function showChosenFile(input: HTMLInputElement) {
	const name = input.closest('.file-picker')?.querySelector<HTMLElement>('.file-picker__name');
	if (name) name.textContent = input.files?.[0]?.name ?? name.dataset.none ?? '';
}

/** A text area's "n of max characters" line, kept up to date as the person types. */
function countCharacters(area: HTMLTextAreaElement) {
	const line = document.getElementById(area.dataset.count ?? '');
	const template = line?.dataset.template;
	if (!line || !template) return;
	area.addEventListener('input', () => (line.textContent = template.replace('{count}', String([...area.value].length))));
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
	const node = document.createElement(tag);
	node.append(...children);
	return node;
}
