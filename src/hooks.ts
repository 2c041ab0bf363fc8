import type { Transport } from '@sveltejs/kit';
import { isServerOnly } from '$lib/server-only';

export const transport: Transport = {
	ServerOnly: {
		// Any truthy value stands in for the contents, which never leave the server.
		encode: (value) => isServerOnly(value) && 1,
		decode: () => {
			throw new Error('Data marked serverOnly reached the browser: its page must set `csr = false`.');
		}
	}
};
