import type { LayoutServerLoad } from './$types';

// No database here: the root layout must load even when the database cannot, so that the error
// page still renders in the visitor's language.
export const load: LayoutServerLoad = ({ locals }) => ({ lang: locals.locale });
