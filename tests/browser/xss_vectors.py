"""XSS filter-evasion vectors, after the OWASP cheat sheet, as test data for the browser matrix.

Each vector is a template: ``{js}`` is the script it tries to run, and the other fields are the
same script encoded the way the vector needs it (HTML entities, base64 inside ``data:`` URLs,
percent-encoding, UTF-7). ``payload(key)`` is that script: it sets the flag ``window.xss_<key>``
and calls ``alert`` without parentheses (a tagged template), so a vector that runs both leaves a
flag a test can read and fires a dialog. Keys name the vector and the place it was put, so every
flag is distinct. Several vectors only ever ran in old browsers (``expression()``, ``vbscript:``,
UTF-7); they stay because a sanitiser must not let their markup through either.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from urllib.parse import quote

__all__ = ["VECTORS", "Vector", "payload"]


@dataclass(frozen=True)
class Vector:
    """One evasion technique: a short name and its markup template."""

    name: str
    template: str

    def render(self, key: str) -> str:
        """Return the markup with its script set to raise the flag ``window.xss_<key>``."""
        js = payload(key)
        return self.template.format(
            js=js,
            dec=_entities(js, "&#{};"),
            hex=_entities(js, "&#x{:x};"),
            pad=_entities(js, "&#{:07d}"),
            b64=base64.b64encode(f"<script>{js}</script>".encode()).decode(),
            b64js=base64.b64encode(js.encode()).decode(),
            pct=quote(js, safe=""),
            utf7=js.replace("=", "+AD0-").replace("`", "+AGA-"),
        )


def payload(key: str) -> str:
    """The script every vector carries: set ``window.xss_<key>``, then alert without parentheses."""
    return f"window.xss_{key}=1,alert`{key}`"


def _entities(text: str, form: str) -> str:
    return "".join(form.format(ord(c)) for c in text)


_T = [
    # script tags
    ("script", "<script>{js}</script>"),
    ("script-mixed-case", "<ScRiPt>{js}</sCrIpT>"),
    ("script-src-data", "<SCRIPT SRC=data:text/javascript,{pct}></SCRIPT>"),
    ("script-src-data-b64", '<script src="data:text/javascript;base64,{b64js}"></script>'),
    ("script-slash-attr", "<script/xss>{js}</script>"),
    ("script-extra-open", "<<script>{js}//<</script>"),
    ("script-nested-strip", "<scr<script>ipt>{js}</scr</script>ipt>"),
    ("script-after-img-quote", '<img """><script>{js}</script>">'),
    ("script-close-breakout", "</script><script>{js}</script>"),
    ("title-breakout", "</title><script>{js}</script>"),
    ("textarea-breakout", "</textarea><img src=x onerror={js}>"),
    ("comment-breakout", '<!--<img src="--><img src=x onerror={js}//">'),
    ("cdata", "<![CDATA[<img src=x onerror={js}>]]>"),
    # event handlers
    ("img-onerror", "<img src=x onerror={js}>"),
    ("img-onerror-upper", '<IMG SRC=x ONERROR="{js}">'),
    ("img-onerror-decimal-entities", "<img src=x onerror={dec}>"),
    ("img-onerror-hex-entities", '<img src=x onerror="{hex}">'),
    ("img-onerror-padded-entities", '<img src=x onerror="{pad}">'),
    ("img-slashes", "<img/src/onerror={js}>"),
    ("img-backticks", "<img src=`x` onerror={js}>"),
    ("img-formfeed", "<img src=x\x0conerror={js}>"),
    ("img-eval-alt", '<img src=x onerror=eval(alt) alt="{js}">'),
    ("image-tag", "<image src=x onerror={js}>"),
    ("unclosed-img", "<img src=x onerror={js} "),
    ("body-onload", "<body onload={js}>"),
    ("frameset-onload", "<frameset onload={js}>"),
    ("input-autofocus", "<input autofocus onfocus={js}>"),
    ("select-autofocus", "<select autofocus onfocus={js}></select>"),
    ("textarea-autofocus", "<textarea autofocus onfocus={js}></textarea>"),
    ("details-ontoggle", "<details open ontoggle={js}>x</details>"),
    ("marquee-onstart", "<marquee onstart={js}>x</marquee>"),
    ("video-source-onerror", "<video><source onerror={js}></video>"),
    ("audio-onerror", "<audio src=x onerror={js}>"),
    ("style-onload", "<style onload={js}></style>"),
    ("custom-onclick", "<x-el onclick={js}>click</x-el>"),
    ("attr-breakout-double", '"><img src=x onerror={js}>'),
    ("attr-breakout-single", "'><img src=x onerror={js}>"),
    ("attr-inject-autofocus", '" autofocus onfocus="{js}" x="'),
    ("js-string-breakout", "';{js}//"),
    # javascript:, data:, vbscript: URLs with encodings and whitespace tricks
    ("iframe-javascript", '<iframe src="javascript:{js}"></iframe>'),
    ("iframe-data-b64", '<iframe src="data:text/html;base64,{b64}"></iframe>'),
    ("img-javascript", "<IMG SRC=JaVaScRiPt:{js}>"),
    ("img-javascript-tab", '<IMG SRC="jav\tascript:{js}">'),
    ("a-javascript", '<a href="javascript:{js}">click</a>'),
    ("a-javascript-tab-entity", '<a href="jav&#x09;ascript:{js}">click</a>'),
    ("a-javascript-newline-entity", '<a href="jav&#x0A;ascript:{js}">click</a>'),
    ("a-javascript-cr-entity", '<a href="jav&#x0D;ascript:{js}">click</a>'),
    ("a-javascript-leading-space", '<a href=" &#14;  javascript:{js}">click</a>'),
    ("a-javascript-control-prefix", '<a href="\x01javascript:{js}">click</a>'),
    ("a-javascript-all-decimal", '<a href="{dec_scheme}{dec}">click</a>'),
    ("a-javascript-all-hex", '<a href="{hex_scheme}{hex}">click</a>'),
    ("a-javascript-named-colon", '<a href="javascript&colon;{js}">click</a>'),
    ("a-javascript-percent", '<a href="javascript:{pct}">click</a>'),
    ("a-vbscript", '<a href="vbscript:{js}">click</a>'),
    ("a-data-b64", '<a href="data:text/html;base64,{b64}">click</a>'),
    ("a-data-plain", '<a href="data:text/html,<script>{js}</script>">click</a>'),
    ("form-action", '<form action="javascript:{js}"><input type=submit value=go></form>'),
    ("button-formaction", '<form><button formaction="javascript:{js}">go</button></form>'),
    ("isindex", '<isindex action="javascript:{js}" type=submit>'),
    ("table-background", '<table background="javascript:{js}"><td>x</td></table>'),
    ("object-javascript", '<object data="javascript:{js}"></object>'),
    ("object-data-b64", '<object data="data:text/html;base64,{b64}"></object>'),
    ("object-param", "<object><param name=src value=javascript:{js}></object>"),
    ("embed-javascript", '<embed src="javascript:{js}">'),
    ("embed-data-b64", '<embed src="data:text/html;base64,{b64}">'),
    # SVG and MathML
    ("svg-onload", "<svg onload={js}>"),
    ("svg-slash-onload", "<svg/onload={js}>"),
    ("svg-script", "<svg><script>{js}</script></svg>"),
    ("svg-script-entities", "<svg><script>{dec}</script></svg>"),
    ("svg-script-href", '<svg><script href="data:,{pct}"/></svg>'),
    ("svg-animate-onbegin", "<svg><animate onbegin={js} attributeName=x dur=1s>"),
    (
        "svg-animate-href",
        "<svg><animate attributeName=href values=javascript:{js} />"
        "<a id=x><text x=20 y=20>X</text></a></svg>",
    ),
    ("svg-xlink", '<svg><a xlink:href="javascript:{js}"><text x=20 y=20>X</text></a></svg>'),
    ("math-href", '<math href="javascript:{js}">click</math>'),
    ("math-mglyph-style", "<math><mtext><table><mglyph><style><img src=x onerror={js}>"),
    # style and expression
    ("style-expression", '<div style="width:expression({js})">x</div>'),
    ("style-url-javascript", '<div style="background-image:url(javascript:{js})">x</div>'),
    ("style-import", "<style>@import 'javascript:{js}';</style>"),
    ("link-stylesheet", '<link rel=stylesheet href="javascript:{js}">'),
    # meta refresh, base href, iframe srcdoc
    ("meta-refresh-javascript", '<meta http-equiv="refresh" content="0;url=javascript:{js}">'),
    (
        "meta-refresh-data",
        '<meta http-equiv="refresh" content="0;url=data:text/html;base64,{b64}">',
    ),
    ("base-href", '<base href="javascript:{js}//"><a href="/x">x</a>'),
    ("iframe-srcdoc", '<iframe srcdoc="<script>{js}</script>"></iframe>'),
    ("iframe-srcdoc-entities", '<iframe srcdoc="&lt;img src=x onerror={js}&gt;"></iframe>'),
    # entity-encoded, double-encoded, charset tricks
    ("entity-encoded-script", "&lt;script&gt;{js}&lt;/script&gt;"),
    ("double-encoded-img", "&amp;lt;img src=x onerror={js}&amp;gt;"),
    ("percent-encoded-script", "%3Cscript%3E{pct}%3C%2Fscript%3E"),
    ("json-unicode-escapes", "\\u003cscript\\u003e{js}\\u003c/script\\u003e"),
    ("utf7", "+ADw-script+AD4-{utf7}+ADw-/script+AD4-"),
    ("utf7-meta-charset", '<meta charset="UTF-7">+ADw-script+AD4-{utf7}+ADw-/script+AD4-'),
    # template, noscript and other mutation XSS
    ("template", "<template><img src=x onerror={js}></template>"),
    ("noscript-title", '<noscript><p title="</noscript><img src=x onerror={js}>">'),
    ("noembed-title", '<noembed><img title="</noembed><img src=x onerror={js}>"></noembed>'),
    ("svg-p-style", '<svg></p><style><a id="</style><img src=1 onerror={js}>">'),
    (
        "form-math-mglyph",
        "<form><math><mtext></form><form><mglyph><style></math><img src onerror={js}>",
    ),
    ("xmp-breakout", "<xmp></xmp><img src=x onerror={js}></xmp>"),
]

_SCHEME = "javascript:"
VECTORS: tuple[Vector, ...] = tuple(
    Vector(
        name,
        template.replace("{dec_scheme}", "".join(f"&#{ord(c)};" for c in _SCHEME)).replace(
            "{hex_scheme}", "".join(f"&#x{ord(c):x};" for c in _SCHEME)
        ),
    )
    for name, template in _T
)
