"""Copy GOV.UK Frontend and MOJ Frontend from node_modules into joinedup/ui/static/vendor/.

The CSS is rewritten on the way: GDS Transport is licensed for gov.uk only, so its @font-face
rules, its copyright comment and every font stack naming it become `arial, sans-serif`, and
the font files are not copied. `/assets/...` URLs become relative to the stylesheet
(`images/...`), so they resolve under whatever STATIC_URL the deployment uses.

Idempotent: a file is written only when its content would change, so a second run is fast and
leaves modification times alone. Run it with `.venv/bin/python scripts/build_assets.py`.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
NODE = REPO / "node_modules"
GOVUK = NODE / "govuk-frontend" / "dist" / "govuk"
MOJ = NODE / "@ministryofjustice" / "frontend" / "moj"
VENDOR = REPO / "joinedup" / "ui" / "static" / "vendor"

FONT_STACK = "arial, sans-serif"

_FONT_FACE = re.compile(r"@font-face\{[^}]*\}")
_FONT_COMMENT = re.compile(r"/\*![^*]*Margaret Calvert[^*]*\*/")
_GDS_STACK = re.compile(r"font-family:\s*(?:\"GDS Transport\"|'GDS Transport'|GDS Transport)[^;}]*")
_ASSET_URL = re.compile(r"url\((['\"]?)/assets/")
_SOURCE_MAP = re.compile(r"\n?(?:/\*# sourceMappingURL=[^*]*\*/|//# sourceMappingURL=\S+)\s*$")


def css_without_gds_transport(css: str) -> str:
    css = _FONT_COMMENT.sub("", css)
    css = _FONT_FACE.sub(lambda m: "" if "GDS Transport" in m.group(0) else m.group(0), css)
    css = _GDS_STACK.sub(f"font-family:{FONT_STACK}", css)
    css = _ASSET_URL.sub(r"url(\1", css)
    return _SOURCE_MAP.sub("\n", css)


def js_without_source_map(js: str) -> str:
    """The maps are not shipped; a dangling reference only makes 404s in the browser's tools."""
    return _SOURCE_MAP.sub("\n", js)


def write_if_changed(target: Path, content: bytes) -> bool:
    if target.exists() and target.read_bytes() == content:
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(target.suffix + ".tmp")
    tmp.write_bytes(content)
    tmp.replace(target)
    return True


def build() -> list[Path]:
    for source in (GOVUK, MOJ):
        if not source.is_dir():
            raise SystemExit(f"build_assets: {source} is missing; run `npm ci` (scripts/setup)")
    written: list[Path] = []

    def text(source: Path, name: str, transform) -> None:
        target = VENDOR / name
        if write_if_changed(target, transform(source.read_text(encoding="utf-8")).encode()):
            written.append(target)

    text(GOVUK / "govuk-frontend.min.css", "govuk-frontend.min.css", css_without_gds_transport)
    text(GOVUK / "govuk-frontend.min.js", "govuk-frontend.min.js", js_without_source_map)
    text(MOJ / "moj-frontend.min.css", "moj-frontend.min.css", css_without_gds_transport)
    text(MOJ / "moj-frontend.min.js", "moj-frontend.min.js", js_without_source_map)

    # Images: GOV.UK's (favicons) and MOJ's (icons the components' CSS points at), one folder.
    for folder in (GOVUK / "assets" / "images", MOJ / "assets" / "images"):
        for image in sorted(folder.iterdir()):
            target = VENDOR / "images" / image.name
            if write_if_changed(target, image.read_bytes()):
                written.append(target)
    if write_if_changed(
        VENDOR / "manifest.json", (GOVUK / "assets" / "manifest.json").read_bytes()
    ):
        written.append(VENDOR / "manifest.json")

    # Anything a previous version of this script copied (fonts, say) and this one does not.
    fonts = VENDOR / "fonts"
    if fonts.exists():
        shutil.rmtree(fonts)
    return written


def main() -> int:
    written = build()
    if written:
        print(f"build_assets: wrote {len(written)} file(s) to {VENDOR.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
