"""What the domain refuses, in a sentence a person can act on (Vietnamese).

An error says what is wrong, not how to answer it: `endpoints/errors.py` gives
each kind its HTTP status and its form (the API's JSON, a review page, an
admin form's message).
"""


class DomainError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Invalid(DomainError):
    """The request cannot be carried out as asked: a missing note, an unknown action."""


class NotSignedIn(DomainError):
    """No credentials, or they no longer hold (an unknown token, an expired session)."""


class NotAllowed(DomainError):
    """The caller may not do this (their role, or an account without one)."""


class NotFound(DomainError):
    """No such thing in the caller's scope (outside it is answered the same way)."""


class NotDecidable(DomainError):
    """Initiatives named by id that do not exist or are not the caller's to decide."""

    def __init__(self, message: str, ids: list[int]) -> None:
        super().__init__(message)
        self.ids = ids


class KeyReused(DomainError):
    """An idempotency key sent again with another request: neither is replayed."""
