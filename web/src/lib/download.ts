// Saving a file the API answers: a plain link cannot send the bearer
// token or the session's headers, so the page fetches it and hands the
// bytes to the browser as a download.

/**
 * Saves a successful response's body as fileName; an error answer throws
 * the problem's detail, or fallback when it has none.
 */
export async function saveResponse(resp: Response, fileName: string, fallback: string): Promise<void> {
  if (!resp.ok) {
    const problem = await resp.json().catch(() => null);
    throw new Error(problem?.detail ?? fallback);
  }
  const url = URL.createObjectURL(await resp.blob());
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  a.click();
  URL.revokeObjectURL(url);
}
