/** How a signer's name appears on public lists. (No imports: the database schema uses this too.) */
export const DISPLAY_CHOICES = ['full', 'initials', 'private'] as const;
export type DisplayChoice = (typeof DISPLAY_CHOICES)[number];
