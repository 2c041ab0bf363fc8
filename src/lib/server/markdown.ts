import { marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

const ALLOWED = {
	allowedTags: ['p', 'br', 'em', 'strong', 'a', 'ul', 'ol', 'li', 'blockquote', 'h2', 'h3'],
	allowedAttributes: { a: ['href'] },
	allowedSchemes: ['https', 'mailto'],
	transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer' }) }
};

const cache = new Map<string, string>();

/**
 * A statement's Markdown as HTML that is safe to insert: rendered, then sanitised to a short list
 * of tags (no scripts, styles, images or event handlers; links only to https and mailto).
 * Cached by text, so a page view does not render again.
 */
export function renderMarkdown(markdown: string): string {
	let html = cache.get(markdown);
	if (html === undefined) {
		html = sanitizeHtml(marked.parse(markdown, { async: false, gfm: true, breaks: false }), {
			...ALLOWED,
			allowedAttributes: { a: ['href', 'rel'] }
		});
		if (cache.size > 200) cache.clear();
		cache.set(markdown, html);
	}
	return html;
}
