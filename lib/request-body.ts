/**
 * A request body as text, read only as far as `maxBytes`: `null` when it is larger. A declared
 * Content-Length over the limit is refused before anything is read; otherwise the stream is read chunk
 * by chunk and cancelled at the first byte past the limit, so a client sending hundreds of megabytes
 * (with or without a Content-Length) costs at most `maxBytes` of memory. `request.text()` would hold it all.
 */
export async function readTextWithin(request: Request, maxBytes: number): Promise<string | null> {
  const declared = request.headers.get("content-length");
  if (declared !== null && /^\d+$/.test(declared) && Number(declared) > maxBytes) {
    await request.body?.cancel().catch(() => {});
    return null;
  }
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}
