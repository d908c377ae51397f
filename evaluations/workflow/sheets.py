"""What the downloadable work sheets of both kinds share: their limits and the one error of an
upload that cannot be used (``luvn/spreadsheet.py`` reads the file)."""

MAX_UPLOAD_BYTES = 2 * 1024 * 1024


MAX_ROWS = 2000


class SpreadsheetError(Exception):
    """The upload cannot be used; ``errors`` are messages for the user, one per problem."""

    def __init__(self, errors: list[str]):
        super().__init__(errors)
        self.errors = errors
