"""Russian quotes: «…» outside, „…“ inside («ООО „Кубань“»), for a name or a text put in quotes by the portal."""


def inner_quotes(text: object) -> str:
    """The text with its own quotes made the inner ones: ООО «Кубань» → ООО „Кубань“ (to be put inside «…»)."""
    return str(text).replace("«", "„").replace("»", "“")


def quoted(text: object) -> str:
    """The text in quotes: «ООО „Кубань“», never «ООО «Кубань»»."""
    return f"«{inner_quotes(text)}»"
