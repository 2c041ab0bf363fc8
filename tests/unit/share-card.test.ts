import { describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import { CARD_HEIGHT, CARD_WIDTH, renderCard, type CardText } from '$lib/server/share/card';
import { cardOf } from '$lib/server/share/picture';

const card = (figure: string | null, title = 'Azərbaycanın minalarla çirklənmiş ərazilərində humanitar vəziyyətə dair Rəsmi Bəyanat'): CardText => ({
	issuer: 'Avropa Azərbaycan Mərkəzi',
	title,
	figure,
	words: figure ? 'imza' : 'Hələ imza yoxdur',
	call: 'localhost:3000 saytında imzalayın'
});

/** The share of a picture's pixels that are not the paper's colour: text and the accent bar. */
function inked(png: Buffer): number {
	const { data, width, height } = PNG.sync.read(png);
	let ink = 0;
	for (let i = 0; i < data.length; i += 4) if (data[i] < 200 || data[i + 1] < 200) ink++;
	return ink / (width * height);
}

describe('the share picture', () => {
	it('is a 1200 × 630 PNG with the words drawn, in Azerbaijani, Cyrillic and Turkish letters alike', async () => {
		for (const text of [card('1.234'), card('12 345', 'Официальное заявление о гуманитарной ситуации на заминированных территориях Азербайджана'), card(null, 'İsmail, Işıl, Çağrı: ğüşöç')]) {
			const png = await renderCard(text);
			const { width, height } = PNG.sync.read(png);
			expect([width, height]).toEqual([CARD_WIDTH, CARD_HEIGHT]);
			expect(inked(png)).toBeGreaterThan(0.03);
		}
	});

	it('is made again at once for new words, and for a new count at most once a minute', async () => {
		const minute = 60_000;
		const first = await cardOf('s/az', card('1'), 1, minute, 0);
		expect((await cardOf('s/az', card('1'), 1, minute, 10 * minute)).png).toBe(first.png);
		// A second signature within the minute: the picture still shows one.
		const early = await cardOf('s/az', card('2'), 2, minute, 30_000);
		expect(early.png).toBe(first.png);
		expect(early.count).toBe(1);
		// A minute after the last picture was made, the new count is drawn.
		const later = await cardOf('s/az', card('3'), 3, minute, minute);
		expect(later.count).toBe(3);
		expect(later.png.equals(first.png)).toBe(false);
		// A moderator's edit of the title shows at once.
		const edited = await cardOf('s/az', card('3', 'Yeni başlıq'), 3, minute, minute + 1);
		expect(edited.png).not.toBe(later.png);
		// Each language has its own.
		expect((await cardOf('s/tr', card('3'), 3, minute, minute + 2)).png).not.toBe(edited.png);
	});
});
