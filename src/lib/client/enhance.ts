/**
 * The one script of the public pages that have a form or a copy button. They are sent without
 * SvelteKit's client (`csr = false`): hydrating a whole statement page held back its first paint on a
 * phone. What the browser has to do there is small and done here on the server's markup: the sign
 * and endorse forms check themselves and run the robot check, share links copy, and a phone's share sheet opens. The heavy parts (the
 * checks' schemas, the proof-of-work widget) come only when the person turns to a form.
 * Loaded by <Enhance />, bundled on its own by Vite (`?worker&url`: one file, no chain of imports).
 */
import { enhanceCopyButton } from './copy';
import { enhanceForm } from './form';
import { enhanceShareButton } from './share';

for (const form of document.querySelectorAll<HTMLFormElement>('form[data-checks]')) enhanceForm(form);
for (const button of document.querySelectorAll<HTMLButtonElement>('button[data-copy]')) enhanceCopyButton(button);
for (const button of document.querySelectorAll<HTMLButtonElement>('button[data-share-url]')) enhanceShareButton(button);
