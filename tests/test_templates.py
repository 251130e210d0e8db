"""What Django's template language lets pass silently but renders wrong, checked over every template of the project."""

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
BLOCK = re.compile(r"{%\s*blocktranslate\b[^%]*%}(.*?){%\s*endblocktranslate\s*%}", re.S)
FILTERED = re.compile(r"{{\s*[\w.]+\s*\|[^}]*}}")


def test_no_filter_inside_a_blocktranslate_body():
    """Inside {% blocktranslate %} a variable takes no filter: «{{ reason|quoted }}» renders as an empty string (a void
    decision's reason vanished so). The filter belongs in the tag: {% blocktranslate with reason=x|quoted %}."""
    found = [
        f"{path.relative_to(TEMPLATES)}: {match.group(0)}"
        for path in sorted(TEMPLATES.rglob("*"))
        if path.suffix in {".html", ".txt"}
        for block in BLOCK.finditer(path.read_text(encoding="utf-8"))
        for match in FILTERED.finditer(block.group(1))
    ]
    assert found == []
