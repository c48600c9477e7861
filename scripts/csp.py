#!/usr/bin/env python3
"""Locks the built page down: writes a Content-Security-Policy <meta> into
dist/index.html that allows only the page's own files.

    scripts/csp.py dist/index.html

Trunk's release page starts the app with one inline module script; its SHA-256
is the only inline script the policy allows. Everything else must come from the
page's own origin ('self'); 'wasm-unsafe-eval' lets the page compile its own
WebAssembly. `frame-ancestors` cannot be set from a <meta> (browsers ignore it
there), so the hosting docs give the header form for servers that send headers.
Run again on the same file, it replaces its own tag (idempotent).
"""
import base64
import hashlib
import re
import sys

MARK = '<meta http-equiv="Content-Security-Policy"'


def policy(html: str) -> str:
    scripts = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, re.S)
    if not scripts:
        sys.exit("csp: no inline script found: did Trunk's output change?")
    hashes = " ".join(
        "'sha256-%s'" % base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()
        for s in scripts
    )
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' 'wasm-unsafe-eval' {hashes}",
            "style-src 'self'",
            "img-src 'self'",
            "connect-src 'self'",
            "worker-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
        ]
    )


def main() -> None:
    path = sys.argv[1]
    with open(path, encoding="utf-8") as f:
        html = f.read()
    html = re.sub(r'\s*<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
    tag = f'{MARK} content="{policy(html)}" />'
    charset = '<meta charset="utf-8" />'
    if charset not in html:
        sys.exit("csp: no <meta charset> to put the policy after")
    html = html.replace(charset, f"{charset}\n    {tag}", 1)
    with open(path, "w", encoding="utf-8") as f:
        f.write(html)
    print(f"csp: {tag}")


if __name__ == "__main__":
    main()
