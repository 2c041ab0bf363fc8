/**
 * The share button (ShareLinks.svelte's markup, hidden until here): the phone's own share sheet
 * (the Web Share API), with the statement's picture where the browser can share files. Shown only
 * where the browser has it; the links beside it work everywhere.
 */
export function enhanceShareButton(button: HTMLButtonElement) {
	if (typeof navigator.share !== 'function') return;
	(button.closest<HTMLElement>('[hidden]') ?? button).hidden = false;
	const { shareUrl: url, shareTitle: title, shareText: text, shareImage: image } = button.dataset;
	button.addEventListener('click', async () => {
		const data: ShareData = { url, title, text };
		try {
			const picture = image ? await pictureOf(image) : null;
			if (picture && navigator.canShare?.({ ...data, files: [picture] })) data.files = [picture];
			await navigator.share(data);
		} catch {
			// Closed without sharing, or not allowed here: nothing to say.
		}
	});
}

async function pictureOf(address: string): Promise<File | null> {
	const response = await fetch(address).catch(() => null);
	if (!response?.ok) return null;
	return new File([await response.blob()], 'statement.png', { type: 'image/png' });
}
