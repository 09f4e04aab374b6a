"""Whether an SVG is a drawing and nothing more: no script, no event handler, no link
that runs or loads anything, no embedded HTML.

An SVG opened on its own (its URL in the address bar) is a document of the site's
origin: a `<script>` in a post's media or in the brand's logo would run there, with
the site's cookies and storage. The site copies an SVG only when `problem()` finds
nothing: what is allowed is listed (elements of drawing, links within the file, raster
images inline), so a construct not thought of is refused rather than let through.
"""

from __future__ import annotations

import re

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XHTML_NS = "http://www.w3.org/1999/xhtml"
MAX_BYTES = 5 << 20

# Elements of drawing (SVG 1.1 and 2), with neither script nor a way to load a document.
ELEMENTS = frozenset((
    "svg", "g", "defs", "symbol", "use", "title", "desc", "metadata", "switch", "view", "a",
    "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text", "tspan",
    "textPath", "linearGradient", "radialGradient", "stop", "pattern", "clipPath", "mask",
    "marker", "image", "style", "filter", "feBlend", "feColorMatrix", "feComponentTransfer",
    "feComposite", "feConvolveMatrix", "feDiffuseLighting", "feDisplacementMap",
    "feDistantLight", "feDropShadow", "feFlood", "feFuncA", "feFuncB", "feFuncG", "feFuncR",
    "feGaussianBlur", "feImage", "feMerge", "feMergeNode", "feMorphology", "feOffset",
    "fePointLight", "feSpecularLighting", "feSpotLight", "feTile", "feTurbulence", "animate",
    "animateMotion", "animateTransform", "mpath",
))
_RASTER = re.compile(r"data:image/(?:png|jpe?g|gif|webp);base64,[A-Za-z0-9+/=\s]*\Z", re.I)
_WEB = re.compile(r"(?:https?:|mailto:)", re.I)
# In CSS (a style attribute or element): what loads or runs something.
_CSS = re.compile(r"@import|url\s*\(\s*['\"]?\s*(?!#)|expression\s*\(|javascript:|behavior\s*:"
                  r"|-moz-binding", re.I)
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")


def problem(data: bytes) -> str | None:
    """Why this SVG is not a plain drawing; None when it is."""
    import xml.etree.ElementTree as ET

    if len(data) > MAX_BYTES:
        return f"larger than {MAX_BYTES >> 20} MB"
    head = data.lower()
    if b"<!doctype" in head or b"<!entity" in head:
        return "it declares a DOCTYPE or entities"
    if b"<?xml-stylesheet" in head:
        return "it loads a style sheet"
    try:
        root = ET.fromstring(data)
    except (ET.ParseError, ValueError, RecursionError):
        return "it is not well-formed XML"
    if root.tag != f"{{{SVG_NS}}}svg":
        return "its root is not an <svg> element"
    for el in root.iter():
        ns, _, name = el.tag.rpartition("}") if isinstance(el.tag, str) else ("", "", "?")
        ns = ns.lstrip("{")
        if ns == SVG_NS:
            if name not in ELEMENTS:
                return f"it holds a <{name}> element"
        elif ns in (XHTML_NS, "") or not ns:
            return f"it holds a <{name}> element outside SVG"
        why = _attributes(name, el.attrib)
        if why:
            return why
        if name == "style" and el.text and _CSS.search(el.text):
            return "its style loads or runs something"
    return None


def _attributes(element: str, attrib: dict[str, str]) -> str | None:
    for key, value in attrib.items():
        local = key.rpartition("}")[2]
        flat = _INVISIBLE.sub("", value).lower()
        if local.lower().startswith("on"):
            return f"an event handler ({local}) on <{element}>"
        if "javascript:" in flat or "vbscript:" in flat or "data:text" in flat:
            return f"a script link in {local} on <{element}>"
        if local == "href" or key == f"{{{XLINK_NS}}}href":
            if flat.startswith("#"):
                continue
            if element == "a" and _WEB.match(flat):
                continue
            if element in ("image", "feImage") and _RASTER.match(value.strip()):
                continue
            return f"a link to {value[:60]!r} on <{element}>"
        if local == "attributeName" and "href" in flat or local in ("values", "to", "from") \
                and element.startswith(("animate", "set")) and ":" in flat:
            return f"an animation of links on <{element}>"
        if local == "style" and _CSS.search(value):
            return f"a style that loads or runs something on <{element}>"
        if "url(" in flat and not re.search(r"url\(\s*['\"]?#", flat):
            return f"a url() reference in {local} on <{element}>"
    return None
