"""What every page of `jpki up` must never show a person (issue 20): a Python object (`{'`,
`['`, `None`), a raw epoch number, or, on a Japanese page, an English word outside the
allow-list (names of standards, protocols and products that Japanese pages write in Latin
letters too). Text a page marks `lang="en"` (a document in English) is not judged as Japanese;
`<code>` (identifiers, commands) and `translate="no"` (people's names) are not judged at all."""

from __future__ import annotations

import re
from typing import Any

PYTHON_OBJECTS = re.compile(r"\{'|\['|\bNone\b|\bTrue\b|\bFalse\b")
EPOCH = re.compile(r"(?<![\d.:-])1[5-9]\d{8}(?:\.\d+)?(?![\d:-])")
"""Seconds since 1970 between 2017 and 2033: a time nobody can read."""
URL = re.compile(r"\b[a-z]+://\S+")
"""An address (an origin, a placeholder `https://sp.example`): not words to translate."""
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9'-]*[A-Za-z0-9]")

IDENTIFIER = re.compile(r".*\d.*|[A-Z-]+")
"""A token with a digit or in capitals only is an identifier, an acronym or a code (`R000004`,
`east-1`, seat `A-001`, a receipt), never an English word left untranslated."""
ALLOWED_LATIN = frozenset(
    [
        "JPKI",
        "PIN",
        "PINs",
        "CMS",
        "PDF",
        "PDFs",
        "OCSP",
        "CRL",
        "CRLs",
        "URL",
        "URI",
        "API",
        "APIs",
        "IdP",
        "IDaaS",
        "OpenID",
        "Connect",
        "TLS",
        "JST",
        "UTC",
        "JSON",
        "CSV",
        "MyKey",
        "J-LIS",
        "e-Tax",
        "ATM",
        "SSO",
        "PAdES",
        "B-LT",
        "eKYC",
        "MVNO",
        "PHR",
        "MHLW",
        "RP",
        "RPs",
        "SP",
        "SPs",
        "JWE",
        "JWT",
        "OpenSSL",
        "SSL",
        "PC/SC",
        "SC",
        "SHA-256",
        "RSA",
        "PKCS",
        "DER",
        "PEM",
        "HTTP",
        "HTTPS",
        "QR",
        "ID",
        "IDs",
        "Mynaportal",
        "jpki",
        "sandbox",
        "DATA",
        "Ctrl-C",
        "docs",
        "pdfsig",
        "verify",
        "openssl",
        "curl",
        "OpenSC",
        "pkcs15-tool",
        "gov-etax",
        "gov-mhlw",
        "gov-shop",
        "securities-tls",
        "demo-rp",
        "home",
        "authority",
        "platform",
        "idp",
        "idp-da",
        "counter",
        "wallet",
        "mynaportal",
        "bank",
        "loan",
        "securities",
        "mvno",
        "tickets",
        "clinic",
        "insurer",
        "age",
        "disaster",
        "mykey",
        "payments",
        "kiosk",
        "recycling",
        "auction",
        "infobank",
        "venue",
        "console",
        "crl",
        "sign",
        "auth",
        "well-known",
        "openid-configuration",
        "tenants",
        "settings",
        "residents",
        "admin_token",
        "seed",
        "No",
        "Yokohama",
        "Demo",
    ]
)
"""Latin words a Japanese page may show: standards, products, service names in `jpki up`'s
table, paths and commands the page tells the reader to type."""


def problems(text: str, lang: str) -> list[str]:
    """What is wrong with a page's visible text (its Japanese-marked parts when `lang` is ja)."""
    found = [f"Python object {m.group()!r}" for m in PYTHON_OBJECTS.finditer(text)]
    found += [f"epoch number {m.group()}" for m in EPOCH.finditer(text)]
    if lang == "ja":
        words = LATIN_WORD.finditer(URL.sub(" ", text))
        found += [
            f"English {word!r}"
            for word in sorted({m.group() for m in words})
            if len(word) > 2 and word not in ALLOWED_LATIN and not IDENTIFIER.fullmatch(word)
        ]
    return found


VISIBLE_TEXT = """() => {
  const skip = new Set(["SCRIPT", "STYLE", "CODE", "PRE", "TEXTAREA", "SVG"]);
  const out = [];
  const walk = (node, english) => {
    if (node.nodeType === Node.TEXT_NODE) { out.push([node.textContent, english]); return; }
    if (node.nodeType !== Node.ELEMENT_NODE || skip.has(node.tagName.toUpperCase())) return;
    const style = getComputedStyle(node);
    if (style.display === "none" || style.visibility === "hidden") return;
    if (node.getAttribute("translate") === "no") return;  // a name or an identifier
    const marked = node.getAttribute("lang");
    const isEnglish = marked ? marked.startsWith("en") : english;
    if (node.tagName === "INPUT" && node.type !== "hidden" && node.placeholder) out.push([node.placeholder, isEnglish]);
    if (node.tagName === "OPTION" || node.tagName === "BUTTON" || node.childNodes.length) {
      for (const child of node.childNodes) walk(child, isEnglish);
    }
  };
  walk(document.body, document.documentElement.lang.startsWith("en"));
  return out;
}"""


def page_problems(page: Any) -> list[str]:
    """`problems` of the page open in the browser, in the language its `<html lang>` says (once
    the page has loaded: called just after a click, the document may still be on its way)."""
    page.wait_for_load_state()
    page.wait_for_function("document.documentElement !== null && document.body !== null")
    lang = page.evaluate("document.documentElement.lang") or "en"
    pieces = page.evaluate(VISIBLE_TEXT)
    text = " ".join(piece for piece, _ in pieces)
    found = problems(text, "en")
    if lang == "ja":
        japanese = " ".join(piece for piece, english in pieces if not english)
        found += [p for p in problems(japanese, "ja") if p.startswith("English")]
    return found
