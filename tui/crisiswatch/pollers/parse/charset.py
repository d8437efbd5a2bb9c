"""Feed bytes to text the way browsers and feedparser read them, saying when a charset was guessed.

The order is feedparser's: a byte-order mark, then the HTTP charset, then the XML declaration;
bytes that none of those decode are read by a fallback chain (UTF-8 with stray Windows-1252
bytes, then charset-normalizer's guess, then Windows-1252) instead of becoming U+FFFD.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

__all__ = ["Decoded", "decode", "decode_body", "fix_cp1252"]

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_DECLARED = re.compile(rb"""^\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})["']""")
_CHARSET = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9._:-]{1,40})""", re.IGNORECASE)
_UTF = frozenset({"utf-8", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"})
_AS_CP1252 = frozenset({"iso8859-1", "ascii"})
"""Labels browsers (WHATWG) and feedparser read as Windows-1252: `’` and `–` live at 0x92/0x96."""
_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_DETECT_SAMPLE = 256 * 1024
"""Bytes charset-normalizer looks at; a feed's charset does not change half way through."""


def _cp1252_or_latin1(exc: UnicodeError) -> tuple[str, int]:
    """Error handler: undecodable bytes read as Windows-1252, its five holes as Latin-1."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    raw = exc.object[exc.start : exc.end]
    return "".join(_byte_cp1252(b) for b in raw), exc.end


def _byte_cp1252(b: int) -> str:
    try:
        return bytes((b,)).decode("cp1252")
    except UnicodeDecodeError:
        return chr(b)


codecs.register_error("crisiswatch-cp1252", _cp1252_or_latin1)

# A `&#146;` reference (or a byte labelled ISO-8859-1) meant Windows-1252's character.
_C1_TABLE = {c: _byte_cp1252(c) for c in range(0x80, 0xA0) if _byte_cp1252(c) != chr(c)}
_C1_REF = re.compile(r"&#(?:0*(12[89]|1[3-5][0-9])|[xX]0*([89][0-9a-fA-F]));")


def _ref_to_cp1252(m: re.Match[str]) -> str:
    code = int(m.group(1)) if m.group(1) else int(m.group(2), 16)
    return _C1_TABLE.get(code, m.group())


# Raw C1 characters in decoded text are Windows-1252 text decoded as Latin-1 on the way (no
# real text holds C1 controls): U+0092 is "’", as browsers and feedparser show it. NEL stays
# a line break, and the five code points Windows-1252 leaves undefined stay invisible. Done
# before parsing, so both paths see the same characters.
_C1_INERT = {c: (" " if c == 0x85 else _C1_TABLE.get(c)) for c in range(0x80, 0xA0)}


_C1_UTF8 = re.compile(rb"\xc2[\x80-\x9f]")


def fix_cp1252(text: str) -> bytes:
    """The text as UTF-8, with `&#128;`-`&#159;` references as the Windows-1252 characters
    they were meant to be, as browsers and feedparser show them ("don&#146;t" is "don’t"),
    and raw C1 characters read as Windows-1252 too (U+0085 as a line break).

    C1 characters are searched for in the UTF-8 bytes: a regex over the text itself cost a
    third of parsing the feed (benchmarks/README.md, "Figures behind the code").
    """
    # `"#" in` is a memchr, far cheaper than a two-character search.
    if "#" in text and _C1_REF.search(text) is not None:
        text = _C1_REF.sub(_ref_to_cp1252, text)
    data = text.encode("utf-8", errors="replace")
    if not text.isascii() and _C1_UTF8.search(data) is not None:
        data = text.translate(_C1_INERT).encode("utf-8", errors="replace")
    return data


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    note: str | None = None
    """Set when the charset was guessed; shown in the feed's health."""


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        info = codecs.lookup(name)
    except LookupError:
        return None
    # `rot13`, `base64` and the like are not charsets, whatever a header claims.
    if not getattr(info, "_is_text_encoding", True) or info.name in ("idna", "punycode"):
        return None
    return info.name


def _shown(codec: str) -> str:
    """A codec's name as people know it: `windows-1252`, not `cp1252`."""
    return "windows-" + codec[2:] if re.fullmatch(r"cp125\d", codec) else codec


def decode(body: bytes, content_type: str | None = None) -> Decoded:
    """Text from a body: BOM, HTTP charset, XML declaration, then a guess. Never raises."""
    for bom, name in _BOMS:
        if body.startswith(bom):
            return Decoded(body[len(bom) :].decode(name, errors="replace"))
    # UTF-16 without a BOM still starts "<" with a zero byte beside it.
    if body[:2] == b"<\x00":
        return Decoded(body.decode("utf-16-le", errors="replace"))
    if body[:2] == b"\x00<":
        return Decoded(body.decode("utf-16-be", errors="replace"))
    labels: list[str] = []
    if content_type and (cm := _CHARSET.search(content_type)):
        labels.append(cm.group(1))
    if m := _DECLARED.match(body):
        labels.append(m.group(1).decode("ascii"))
    declared = [
        c
        for c in dict.fromkeys(_codec(name) for name in labels)
        # A UTF-16 document could not have an ASCII-readable declaration: the label is wrong.
        if c is not None and not c.startswith(("utf-16", "utf-32"))
    ]
    if body.isascii():
        return Decoded(body.decode("ascii"))
    if not declared or declared[0] not in _UTF:
        # A wrong single-byte label is common; non-ASCII text that is valid UTF-8 is UTF-8.
        try:
            return Decoded(body.decode("utf-8"))
        except UnicodeDecodeError:
            pass
    for label in declared:
        codec = "cp1252" if label in _AS_CP1252 else label
        try:
            return Decoded(body.decode(codec, errors="strict"))
        except UnicodeDecodeError:
            if codec == "cp1252":  # only its five undefined bytes fail
                return Decoded(body.decode("cp1252", errors="crisiswatch-cp1252"))
    text, guessed = _guess(body)
    if not declared:
        note = f"no charset declared and not UTF-8; read as {guessed} (guessed)"
    else:
        note = f"not valid {_shown(declared[0])} as declared; read as {guessed} (guessed)"
    return Decoded(text, note)


def _guess(body: bytes) -> tuple[str, str]:
    """The body's text and the charset it was read as, when no label decodes it."""
    if _mostly_utf8(body):
        # Real UTF-8 sequences with a few bytes that are not: items pasted from another system.
        return body.decode("utf-8", errors="crisiswatch-cp1252"), "UTF-8 and windows-1252"
    codec = _detect(body[:_DETECT_SAMPLE])
    if codec is not None:
        try:
            text = body.decode(codec, errors="replace")
        except LookupError:
            pass
        else:
            cp1252 = body.decode("cp1252", errors="crisiswatch-cp1252")
            return (cp1252, "windows-1252") if cp1252 == text else (text, _shown(codec))
    return body.decode("cp1252", errors="crisiswatch-cp1252"), "windows-1252"


def _mostly_utf8(body: bytes) -> bool:
    """True when UTF-8 sequences outnumber the bytes that are not part of one.

    Latin-1 and EUC text holds valid-looking UTF-8 by chance ("é" then "\xa0»" is one
    three-byte sequence), so a single match is not enough: reading such a feed as UTF-8
    turned "doué »" into "dou頻".
    """
    sample = body[:_DETECT_SAMPLE]
    sequences = 0
    covered = 0
    for m in _MULTIBYTE.finditer(sample):
        sequences += 1
        covered += len(m.group())
    if not sequences:
        return False
    high = len(sample) - len(sample.translate(None, bytes(range(0x80, 0x100))))
    return sequences > high - covered


def _detect(sample: bytes) -> str | None:
    """charset-normalizer's guess, with Windows-1252 preferred among near-equal candidates.

    On short Western texts its best match is often a Baltic or Central European code page
    that reads "déjà" as "déją"; Windows-1252, the web's default, is taken when it scores
    almost as well.
    """
    from charset_normalizer import from_bytes  # imported late: only mis-labelled feeds need it

    try:
        matches = list(from_bytes(sample))
    except Exception:  # a detector failure is "no guess", never a failed feed
        return None
    if not matches:
        return None
    best = matches[0]
    for m in matches:
        if m.encoding == "cp1252" and m.chaos <= best.chaos + 0.05:
            return "cp1252"
    return str(best.encoding)


def decode_body(body: bytes, content_type: str | None = None) -> str:
    """Text from a body (see `decode`); never raises."""
    return decode(body, content_type).text
