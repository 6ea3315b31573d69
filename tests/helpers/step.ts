/**
 * A named part of a long journey (browser tests): when it fails, the error says
 * which part ("step “archives the project”: …"), with its own stack. Resolves
 * with what `run` returns, so a step can hand on what it made.
 */
export async function step<T>(name: string, run: () => Promise<T> | T): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof Error) {
      const prefix = `step “${name}”: `;
      if (!err.message.startsWith(prefix)) {
        const before = err.message;
        err.message = prefix + before;
        // The stack starts with "Name: message"; keep the frames, show the new message.
        if (err.stack?.includes(before)) err.stack = err.stack.replace(before, err.message);
        else if (err.stack) err.stack = `${prefix}${err.stack}`;
      }
    }
    throw err;
  }
}
