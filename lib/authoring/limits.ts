/** What a teacher may bring into a lesson at once. A file of its own: the editor (a client component) needs it too. */
export const AUTHORING_LIMITS = { uploadBytes: 2 * 1024 * 1024, paragraphs: 200, paragraphChars: 5000 } as const;
