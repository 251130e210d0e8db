class DomainError(Exception):
    """A business rule forbids what was asked; the message is translated and meant for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
