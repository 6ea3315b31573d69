/**
 * Storage keys are made by us from ids: `<workspaceId>/<attachmentId>` for a
 * file, `thumbnails/<workspaceId>/<attachmentId>.webp` for its thumbnail. The
 * check keeps any other string (a user's file name, `..`) from reaching a driver.
 */
const KEY = /^[a-z0-9][a-z0-9._-]*(\/[a-z0-9][a-z0-9._-]*)*$/;

export function assertStorageKey(key: string): string {
  if (!KEY.test(key) || key.split("/").some((part) => part === ".." || part === ".")) {
    throw new Error(`Invalid storage key: ${JSON.stringify(key)}`);
  }
  return key;
}

export const fileKey = (workspaceId: string, attachmentId: string) => `${workspaceId}/${attachmentId}`;
export const thumbnailKey = (workspaceId: string, attachmentId: string) => `thumbnails/${workspaceId}/${attachmentId}.webp`;
