"""Type stubs of tonle's native module (python/src/lib.rs). Use the API of ``tonle`` itself;
this module is its engine."""

from typing import List, Optional, Sequence, Tuple, Union

SCHEMA_VERSION: int

class TonleError(ValueError):
    """A list, a compiled gazetteer or a document tonle cannot use; the message names the
    file and line (or the document) and says what is wrong."""

_Input = Union[Tuple[str, str], str]
_Column = Tuple[Optional[bytes], int, List[bytes]]
_ColumnSet = Tuple[int, List[_Column]]

class Core:
    def __init__(
        self,
        gazetteers: Sequence[str],
        default_gazetteers: bool,
        patterns: bool,
        keep_boilerplate: bool,
        documents: bool,
        quotes: bool,
    ) -> None: ...
    @staticmethod
    def load(
        path: str, patterns: bool, keep_boilerplate: bool, documents: bool, quotes: bool
    ) -> "Core": ...
    def save_compiled(self, path: str) -> None: ...
    @property
    def default_gazetteers(self) -> bool: ...
    def start(
        self,
        pool: "Pool",
        inputs: Sequence[_Input],
        first: int,
        layout: str,
        form: str,
        skip: bool,
    ) -> "Job": ...

class Pool:
    def __init__(self, threads: Optional[int] = None) -> None: ...
    @property
    def threads(self) -> int: ...

class Job:
    def wait(self) -> Union[Tuple[bytes, List[str]], Tuple[List[_ColumnSet], List[str]]]: ...

def records_to_columns(lines: Sequence[bytes], location: str, first_line: int) -> _ColumnSet: ...
def record_columns() -> List[Tuple[str, str]]: ...
def is_compiled(path: str) -> bool: ...
