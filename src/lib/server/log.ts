/**
 * A path as it may be logged: every link token (32 URL-safe characters: confirm, withdraw, my-data,
 * setup and password links) replaced, since a log is read by more people than a link.
 */
export function redactTokens(path: string): string {
	return path.replace(/(^|\/)[A-Za-z0-9_-]{32}(?=\/|$)/g, '$1[token]');
}
