import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import fc from 'fast-check';

/** Strings that have broken web forms somewhere: encodings, injections, invisible and oversized text. */
export const HOSTILE = [
	'\u0000', '\uD800', '\uDFFF', '\u202E', '\u200B', '\uFEFF', '\r\nBcc: victim@example.org', '\r\n\r\n<script>',
	"' OR 1=1 --", '"; DROP TABLE signature; --', '<img src=x onerror=alert(1)>', '=cmd|"/c calc"!A1', '@SUM(1)',
	'../../etc/passwd', '%00', '${7*7}', '{{7*7}}', 'ə'.repeat(300), 'x'.repeat(5000)
];

export const hostileString = fc.oneof(
	fc.string({ unit: 'binary', maxLength: 200 }),
	fc.constantFrom(...HOSTILE),
	fc.tuple(fc.string({ maxLength: 20 }), fc.constantFrom(...HOSTILE), fc.string({ maxLength: 20 })).map((parts) => parts.join(''))
);

export const hostileField = fc.option(hostileString, { nil: undefined });

/** Mostly real form encodings, so that most cases reach validation; some wrong and missing types. */
export const contentTypes = fc.oneof(
	{ weight: 8, arbitrary: fc.constantFrom('application/x-www-form-urlencoded', 'multipart/form-data') },
	{ weight: 2, arbitrary: fc.constantFrom('text/plain', 'application/json', '') }
);

/** A fixed seed keeps CI repeatable; FC_SEED=random (or a number) explores other cases locally. */
export const seedOption = process.env.FC_SEED === 'random' ? {} : { seed: Number(process.env.FC_SEED ?? 20261126) };

/** Solved proofs-of-work, fetched and solved ahead, so that validation itself is what each case reaches. */
export async function solvedPayloads(baseURL: string, count: number): Promise<string[]> {
	const out: string[] = [];
	for (let i = 0; i < count; i++) {
		const challenge = await (await fetch(`${baseURL}/api/v1/altcha`)).json();
		const solution = await solveChallenge({ challenge, deriveKey });
		out.push(Buffer.from(JSON.stringify({ challenge, solution })).toString('base64'));
	}
	// Older than the minimum fill time by the time they are used.
	await new Promise((r) => setTimeout(r, 1100));
	return out;
}
