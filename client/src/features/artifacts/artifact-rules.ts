/** The server's limits (artifacts.schema.ts), checked before sending so the form says what is wrong at once. */
export const MAX_CONTENT = 200_000;

export const titleError = (title: string) => (title.trim() === "" ? "Give the artifact a title." : title.length > 200 ? "Keep the title under 200 characters." : null);
export const contentError = (content: string) => (content.length > MAX_CONTENT ? `The content is ${content.length.toLocaleString()} characters; the limit is ${MAX_CONTENT.toLocaleString()}.` : null);
