/** Lower-case hex SHA-256 of some bytes, with the browser's own digest (Node 20 has it too). */
export async function sha256Hex(bytes: Blob | ArrayBuffer | Uint8Array<ArrayBuffer>): Promise<string> {
  const data = bytes instanceof Blob ? await bytes.arrayBuffer() : bytes;
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', data));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
