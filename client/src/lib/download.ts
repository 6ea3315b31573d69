import { API_BASE, ApiError, getAccessToken, refreshAccessToken } from "./api";

/** The file name the server chose (Content-Disposition filename*, else filename), or null. */
function serverFileName(res: Response): string | null {
  const header = res.headers.get("Content-Disposition") ?? "";
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header)?.[1];
  if (star) return decodeURIComponent(star);
  return /filename="([^"]+)"/i.exec(header)?.[1] ?? null;
}

/**
 * Downloads a file from the API (an export, a report). The access token lives
 * in memory (lib/api.ts), so a plain link would go out unauthenticated: fetch
 * it with the bearer header (refreshing once on a 401) and save the blob under
 * the server's file name, else `fileName`. A failure throws an ApiError carrying
 * the server's message (else "The download failed (status).").
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
  a.download = serverFileName(res) ?? fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}
