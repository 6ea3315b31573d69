import { API_BASE, ApiError, getAccessToken, refreshAccessToken } from "./api";

/**
 * Downloads a file from the API (an export, a report). The access token lives
 * in memory (lib/api.ts), so a plain link would go out unauthenticated: fetch
 * it with the bearer header (refreshing once on a 401) and save the blob under
 * `fileName`. A failure throws an ApiError carrying the server's message.
 */
export async function downloadFromApi(path: string, { accept, fileName }: { accept: string; fileName: string }): Promise<void> {
  const url = `${API_BASE}${path}`;
  const get = () => {
    const token = getAccessToken();
    return fetch(url, { credentials: "include", headers: { Accept: accept, ...(token ? { Authorization: `Bearer ${token}` } : {}) } });
  };
  let res = await get();
  if (res.status === 401 && (await refreshAccessToken())) res = await get();
  if (!res.ok) {
    let message = `The download failed (${res.status}).`;
    try {
      const body = (await res.json()) as { error?: { message?: string } };
      if (body.error?.message) message = body.error.message;
    } catch {
      // not JSON
    }
    throw new ApiError({ status: res.status, code: "EXPORT_FAILED", message });
  }
  const blob = await res.blob();
  const href = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = href;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 1000);
}
