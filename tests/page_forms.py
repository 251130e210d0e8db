"""Forms as a page renders them: tests post only the fields the page has, filled like a person would."""

from html.parser import HTMLParser


class _FormParser(HTMLParser):
    """Each form of the page: its method, its field names, and what a browser would send untouched."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._current: dict | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            method = (attrs.get("method") or "get").lower()
            self._current = {"method": method, "names": set(), "sent": []}
            self.forms.append(self._current)
            return
        name = attrs.get("name")
        if self._current is None or not name or tag not in {"input", "select", "textarea"}:
            return
        kind = (attrs.get("type") or "text").lower() if tag == "input" else tag
        if kind in {"submit", "button", "image", "reset"}:
            return
        self._current["names"].add(name)
        if kind in {"checkbox", "radio"} and "checked" not in attrs:
            return  # on the page, sent only when ticked
        if kind == "textarea":
            self._textarea = name
        self._current["sent"].append([name, attrs.get("value", "on" if kind in {"checkbox", "radio"} else "")])

    def handle_data(self, data):
        if self._current is not None and self._textarea:
            self._current["sent"][-1][1] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self._current = None


def fill(html: str, **values) -> dict:
    """The data a person sends with the POST form of the page that has all the fields named in `values`: what the
    page rendered (hidden fields, the CSRF token, ticked boxes), with `values` typed over it. Fails the test when no
    form has those fields. A list value ticks several boxes of one name."""
    parser = _FormParser()
    parser.feed(html)
    for form in parser.forms:
        if form["method"] == "post" and set(values) <= form["names"]:
            data: dict = {}
            for name, value in form["sent"]:
                data.setdefault(name, []).append(value)
            data = {name: sent[0] if len(sent) == 1 else sent for name, sent in data.items()}
            data.update(values)
            return data
    names = [sorted(form["names"]) for form in parser.forms if form["method"] == "post"]
    raise AssertionError(f"no POST form of the page has the fields {sorted(values)}; the forms have {names}")
