/**
 * The share button (ShareLinks.svelte's markup, hidden until here): the phone's own share sheet
 * (the Web Share API), with the statement's picture where the browser can share files. Shown only
 * where the browser has it; the links beside it work everywhere. The picture is fetched beforehand:
 * Safari lets a page share only straight from the tap, not after waiting for a download.
 */
export function enhanceShareButton(button: HTMLButtonElement) {
	if (typeof navigator.share !== 'function') return;
	(button.closest<HTMLElement>('[hidden]') ?? button).hidden = false;
	const { shareUrl: url, shareTitle: title, shareText: text, shareImage: image } = button.dataset;
	let picture: File | null = null;
	if (image) void pictureOf(image).then((file) => (picture = file));
	button.addEventListener('click', () => {
		const data: ShareData = { url, title, text };
		if (picture && navigator.canShare?.({ ...data, files: [picture] })) data.files = [picture];
		// Closed without sharing: nothing to say.
		navigator.share(data).catch(() => undefined);
	});
}

async function pictureOf(address: string): Promise<File | null> {
	const response = await fetch(address).catch(() => null);
	if (!response?.ok) return null;
	return new File([await response.blob()], 'statement.png', { type: 'image/png' });
}
