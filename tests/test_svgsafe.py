"""smm.svgsafe: an SVG is copied into the site only when it is a drawing."""

from __future__ import annotations

import pytest

from smm.svgsafe import problem

NS = 'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
PNG = "data:image/png;base64,iVBORw0KGgo="


def svg(inner: str, attrs: str = "") -> bytes:
    return f'<svg {NS} viewBox="0 0 10 10"{attrs}>{inner}</svg>'.encode()


@pytest.mark.parametrize("doc", [
    svg('<rect width="4" height="4" fill="#2F4F3A"/>'),
    svg('<defs><linearGradient id="g"><stop offset="0"/></linearGradient></defs>'
        '<circle r="3" fill="url(#g)"/><use xlink:href="#g"/>'),
    svg('<style>.a { fill: #fff; }</style><text class="a">Fernwood</text>'),
    svg(f'<image href="{PNG}" width="2" height="2"/>'),
    svg('<a href="https://fernwood.example/"><text>link</text></a>'),
    svg('<title>Logo</title><desc>a tree</desc><g transform="scale(2)"><path d="M0 0"/></g>'),
    b'<?xml version="1.0"?>' + svg('<metadata xmlns:rdf="http://www.w3.org/1999/02/22-rdf-'
                                   'syntax-ns#"><rdf:RDF/></metadata><path d="M0 0"/>'),
])
def test_drawings_pass(doc: bytes) -> None:
    assert problem(doc) is None


@pytest.mark.parametrize("doc", [
    svg("<script>alert(1)</script>"),
    svg("", ' onload="alert(1)"'),
    svg('<rect onclick="alert(1)"/>'),
    svg('<a href="javascript:alert(1)"><text>x</text></a>'),
    svg('<a xlink:href="jav&#x09;ascript:alert(1)"><text>x</text></a>'),
    svg('<a href=" JaVaScRiPt:alert(1)"><text>x</text></a>'),
    svg('<foreignObject><body xmlns="http://www.w3.org/1999/xhtml">'
        '<script>alert(1)</script></body></foreignObject>'),
    svg('<h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script>'),
    svg('<iframe src="https://evil.example"/>'),
    svg('<set attributeName="href" to="javascript:alert(1)"/>'),
    svg('<animate attributeName="href" values="javascript:alert(1)"/>'),
    svg('<use href="https://evil.example/sprite.svg#a"/>'),
    svg('<image href="https://evil.example/pixel.png"/>'),
    svg('<image href="data:image/svg+xml;base64,PHN2Zz4="/>'),
    svg('<style>@import url(https://evil.example/x.css);</style>'),
    svg('<rect style="fill: url(https://evil.example/track)"/>'),
    b'<!DOCTYPE svg [<!ENTITY a "aaaa">]>' + svg("<text>&a;</text>"),
    b'<?xml-stylesheet href="https://evil.example/x.xsl"?>' + svg(""),
    b"<html><script>alert(1)</script></html>",
    b"not xml at all <",
])
def test_anything_more_is_refused(doc: bytes) -> None:
    assert problem(doc)
