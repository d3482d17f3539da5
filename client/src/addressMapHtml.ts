// The address-map webview's page: a strict CSP (nothing but the one nonce'd script file and the
// stylesheet from the extension's own webview folder), no inline script or style, and no data —
// the map arrives later by postMessage. Pure, so tests load exactly this page in a browser.

/** 32 random alphanumerics for the CSP nonce. */
export function makeNonce(random: (n: number) => number = (n) => Math.floor(Math.random() * n)): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let nonce = '';
  for (let i = 0; i < 32; i++) nonce += alphabet[random(alphabet.length)];
  return nonce;
}

const attr = (v: string) =>
  v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `style-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    `img-src ${cspSource} data:`,
  ].join('; ');
}

export function buildHtml(cspSource: string, nonce: string, scriptUri: string, styleUri: string): string {
  if (!/^[A-Za-z0-9+/=]+$/.test(nonce)) throw new Error('nonce must be base64 characters');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(contentSecurityPolicy(cspSource, nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(styleUri)}">
<title>QEMU Address Map</title>
</head>
<body>
<script nonce="${nonce}" src="${attr(scriptUri)}"></script>
</body>
</html>
`;
}
