/** A share link's copy button (CopyButton.svelte's markup): copies in one tap and says so in its status. */
export function enhanceCopyButton(button: HTMLButtonElement) {
	const status = button.nextElementSibling;
	button.addEventListener('click', async () => {
		// No clipboard on a plain-http site, and some in-app browsers refuse it: then say so.
		let said = button.dataset.copied;
		try {
			await navigator.clipboard.writeText(button.dataset.copy ?? '');
		} catch {
			said = button.dataset.copyFailed;
		}
		if (status) status.textContent = said ?? '';
	});
}
