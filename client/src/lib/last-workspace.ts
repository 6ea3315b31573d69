// Remembers the workspace the user last opened, so `/` can go back there.
// Not a secret: only an id, and the server checks membership anyway.
const KEY = "tf.lastWorkspace";

export function getLastWorkspace(): string | null {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function setLastWorkspace(id: string): void {
  try {
    localStorage.setItem(KEY, id);
  } catch {
    // Private mode or storage disabled: remembering is a nicety.
  }
}
