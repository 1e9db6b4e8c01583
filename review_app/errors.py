"""Errors a user can act on: the CLI prints them as one line, the UI as a message."""


class ReviewAppError(Exception):
    """Base for every error that is reported to the user instead of a traceback."""

    exit_code = 1


class InputError(ReviewAppError):
    """Bad usage or input: an unreadable file, a malformed PO/CSV/TBX, a bad article id."""

    exit_code = 2


class NotFoundError(ReviewAppError):
    """An article, segment or user that does not exist."""

    exit_code = 2


class PermissionDeniedError(ReviewAppError):
    """The acting user's role does not allow the action."""

    exit_code = 1


class ConflictError(ReviewAppError):
    """Someone else changed the same segment since the caller read it."""

    exit_code = 1

    def __init__(self, message: str, *, segment_id: str, mine: str, theirs: str) -> None:
        super().__init__(message)
        self.segment_id = segment_id
        self.mine = mine
        self.theirs = theirs
