"""tonle from Python: news text in, records of the people, places, organizations and numbers
it names out -- the records ``tonle extract`` writes, as dicts, a pyarrow Table or a pandas
DataFrame.

>>> import tonle
>>> t = tonle.Tonle()
>>> [(r["type"], r["text"]) for r in t.extract("Police in Svay Rieng rescued 153 people.")]
[('PLACE', 'Svay Rieng'), ('COUNT', '153')]

Build a :class:`Tonle` once (compiling the lists is the expensive part) and share it: it is
safe to use from several threads at once. The record fields are described in
docs/records.md, the Arrow columns in docs/python.md.
"""

from __future__ import annotations

import datetime as _datetime
import gzip
import json
import os
import warnings
from collections import deque
from typing import (
    TYPE_CHECKING,
    Any,
    Callable,
    Dict,
    Iterable,
    Iterator,
    List,
    Mapping,
    Optional,
    Sequence,
    Tuple,
    Union,
)

from . import _tonle
from ._tonle import SCHEMA_VERSION, TonleError

if TYPE_CHECKING:  # pragma: no cover
    import pandas
    import pyarrow

__all__ = [
    "Tonle",
    "TonleError",
    "TonleWarning",
    "JsonLine",
    "SCHEMA_VERSION",
    "read_records",
    "record_schema",
    "CATEGORICAL_COLUMNS",
]

PathLike = Union[str, "os.PathLike[str]"]
Record = Dict[str, Any]
Document = Union[str, Mapping[str, Any]]

class TonleWarning(UserWarning):
    """A document tonle could not read and passed over (``errors="skip"``)."""


#: Columns that :func:`read_records` gives as pandas categoricals (few distinct values).
CATEGORICAL_COLUMNS = ("kind", "type", "category", "zone")

# Input is handed to the Rust side in batches of about this much text (characters) or this
# many documents, whichever comes first; two batches are in flight at a time, so memory stays
# bounded whatever the input's length.
_BATCH_CHARS = 1 << 20
_BATCH_DOCS = 2048
_LAYOUTS = ("plain", "auto", "scrape")


class Tonle:
    """The compiled gazetteers and the options; extracts records from texts.

    :param gazetteers: lists to add (tonle TSV, ``name<TAB>TYPE``, spaCy patterns), directories
        of lists, or one compiled gazetteer (``.tonlegaz``), as ``tonle extract --gazetteer``.
    :param default_gazetteers: use the shipped lists (Cambodian provinces, towns, officials and
        organizations, the world's countries); ``False`` is ``--no-default-gazetteers``.
    :param patterns: also give names the lists miss but the wording types ("Governor X",
        "X province"); ``False`` is ``--no-patterns``.
    :param keep_boilerplate: also give records found in page furniture (``--keep-boilerplate``).
    :param documents: give a record of kind ``document`` before each document's mentions
        (``--documents``, without near-duplicate detection).
    :param quotes: give records of kind ``quote`` (quoted passages and reported speech with
        their speaker), and the speaker of the numbers inside them; ``False`` is
        ``--no-quotes``.
    :raises TonleError: a list cannot be read or parsed (the message names file and line), or
        a compiled gazetteer cannot be used.

    The lists are compiled once, here; the object is immutable and may be shared between
    threads, which extract in parallel (the GIL is released while Rust works).
    """

    __slots__ = ("_core", "_options", "_pools")

    def __init__(
        self,
        gazetteers: Sequence[PathLike] = (),
        default_gazetteers: bool = True,
        patterns: bool = True,
        keep_boilerplate: bool = False,
        documents: bool = False,
        quotes: bool = True,
    ) -> None:
        if isinstance(gazetteers, (str, os.PathLike)):
            gazetteers = [gazetteers]
        paths = [os.fspath(p) for p in gazetteers]
        options = (bool(patterns), bool(keep_boilerplate), bool(documents), bool(quotes))
        core = _tonle.Core(paths, bool(default_gazetteers), *options)
        self._init(core, options)

    def _init(self, core: Any, options: Tuple[bool, bool, bool, bool]) -> None:
        self._core = core
        self._options = options
        self._pools: Dict[Optional[int], Any] = {}

    @classmethod
    def load(
        cls,
        compiled: PathLike,
        patterns: bool = True,
        keep_boilerplate: bool = False,
        documents: bool = False,
        quotes: bool = True,
    ) -> "Tonle":
        """A Tonle on a compiled gazetteer (``.tonlegaz``, from :meth:`save_compiled` or
        ``tonle gazetteer compile``), with the shipped lists exactly when it was compiled with
        them. Loading one is much faster than compiling large lists.

        :raises TonleError: the file is not a compiled gazetteer, is damaged, was written by
            another version of tonle, or a list it was compiled from has changed since.
        """
        options = (bool(patterns), bool(keep_boilerplate), bool(documents), bool(quotes))
        self = cls.__new__(cls)
        self._init(_tonle.Core.load(os.fspath(compiled), *options), options)
        return self

    def save_compiled(self, path: PathLike) -> None:
        """Writes the compiled gazetteers to ``path`` (name it ``.tonlegaz``), for
        :meth:`load` or ``tonle extract --gazetteer PATH``.

        :raises TonleError: the file cannot be written.
        """
        self._core.save_compiled(os.fspath(path))

    @property
    def default_gazetteers(self) -> bool:
        """Whether the gazetteer includes the shipped lists."""
        return bool(self._core.default_gazetteers)

    def __reduce__(self) -> Any:
        raise TypeError(
            "a Tonle cannot be pickled: save_compiled() it and Tonle.load() the file where "
            "it is needed (tonle.spark does this for Spark executors)"
        )

    # -- extraction -------------------------------------------------------------------------

    def extract(
        self,
        text: str,
        id: Optional[Union[str, int]] = None,
        date: Optional[Union[str, _datetime.date]] = None,
        meta: Optional[Mapping[str, Any]] = None,
        layout: str = "plain",
    ) -> List[Record]:
        """The records of one text, as dicts equal to the JSON objects ``tonle extract``
        writes for the JSON line ``{"id": id, "text": text, "date": date, **meta}``.

        :param id: the document id, the records' ``doc`` (``"0"`` when not given).
        :param date: the publication date (``YYYY-MM-DD`` or a :class:`datetime.date`),
            against which "last month" or "on Monday" are resolved; like any field of a JSON
            line, it is also copied into ``meta``.
        :param meta: more fields, copied into every record as ``meta``.
        :param layout: how a plain text is laid out, as ``tonle extract --layout`` reads
            ``.txt`` files: ``"plain"``; ``"scrape"`` when line 1 is the article's URL and the
            next non-empty line its title (both become ``meta``); ``"auto"`` to take line 1 as
            a URL when it is one. Ignored when ``date`` or ``meta`` is given (the text is then
            read as a JSON line's).
        :raises TonleError: ``meta`` holds something tonle refuses (nested too deep).
        """
        if not isinstance(text, str):
            raise TypeError(f"text must be a str, not {type(text).__name__}")
        if date is None and not meta:
            doc: Document = text if id is None else {"id": id, "text": text}
        else:
            fields: Dict[str, Any] = {} if id is None else {"id": id}
            fields["text"] = text
            if date is not None:
                fields["date"] = date
            for key, value in (meta or {}).items():
                if key in ("id", "text"):
                    raise ValueError(f"meta cannot hold {key!r}: give it as the {key} argument")
                fields[key] = value
            doc = fields
        return list(self.extract_many([doc], threads=1, layout=layout))

    def extract_many(
        self,
        docs: Iterable[Document],
        threads: Optional[int] = None,
        layout: str = "plain",
        errors: str = "raise",
    ) -> Iterator[Record]:
        """The records of many documents, in input order, extracted in parallel.

        Each document is a text (``str``: its id is its position in ``docs``, from ``"0"``),
        a dict read as ``tonle extract`` reads a JSON line (``id``, ``text``, ``date``, and
        every other field copied into ``meta``; the position is the id when it has none), or
        a :class:`JsonLine`. The iterator pulls ``docs`` in batches of
        about 1 MB of text, so memory stays bounded; the records are the same, in the same
        order, whatever ``threads`` is.

        :param threads: worker threads (default: all cores).
        :param layout: how ``str`` documents are laid out (see :meth:`extract`).
        :param errors: ``"raise"`` to stop at a document tonle cannot read (a dict without a
            text, say), ``"skip"`` to pass over it with a :class:`TonleWarning`, as
            ``tonle extract`` reports and skips it.
        :raises TonleError: when the iteration reaches a document tonle cannot read and
            ``errors`` is ``"raise"``; the message names the document's position.
        """
        return self._pipelined(docs, threads, layout, errors, "json", _json_records)

    def extract_lines(
        self,
        docs: Iterable[Document],
        threads: Optional[int] = None,
        layout: str = "plain",
        errors: str = "raise",
    ) -> Iterator[bytes]:
        """Like :meth:`extract_many`, but yields the records as JSON lines (``bytes``, each
        ending in ``\\n``), byte for byte what ``tonle extract`` writes, a batch of lines at
        a time."""
        return self._pipelined(docs, threads, layout, errors, "lines", _json_lines)

    def extract_arrow(
        self,
        data: Any,
        id_column: str = "id",
        text_column: str = "text",
        threads: Optional[int] = None,
        layout: str = "plain",
        errors: str = "raise",
    ) -> "pyarrow.Table":
        """The records of the rows of a ``pyarrow.Table`` (or RecordBatch, an iterable of
        RecordBatches, a RecordBatchReader or a pandas DataFrame), as a Table with the schema
        :func:`record_schema` (docs/python.md): one column per record field, null where a
        record lacks the field, ``attrs``, ``zones`` and ``meta`` as JSON text.

        A row is read as ``tonle extract`` reads a JSON line: ``id_column`` is the id (the
        row's position when null or absent), ``text_column`` the text, a ``date`` column
        the publication date, and the other columns go into ``meta``.

        :param errors: ``"raise"`` or ``"skip"``, as for :meth:`extract_many`.
        :raises TonleError: a row tonle cannot read (no text); the message names its position.
        """
        import pyarrow as pa

        batches = list(
            self.extract_arrow_batches(data, id_column, text_column, threads, layout, errors)
        )
        return pa.Table.from_batches(batches, schema=record_schema())

    def extract_arrow_batches(
        self,
        data: Any,
        id_column: str = "id",
        text_column: str = "text",
        threads: Optional[int] = None,
        layout: str = "plain",
        errors: str = "raise",
    ) -> Iterator["pyarrow.RecordBatch"]:
        """Like :meth:`extract_arrow`, but yields record batches as they are made, in order,
        pulling the input batch by batch (for streams larger than memory)."""
        docs = _table_docs(data, id_column, text_column)
        return self.extract_batches(docs, threads, layout, errors)

    def extract_batches(
        self,
        docs: Iterable[Document],
        threads: Optional[int] = None,
        layout: str = "plain",
        errors: str = "raise",
    ) -> Iterator["pyarrow.RecordBatch"]:
        """The records of ``docs`` (as for :meth:`extract_many`) as pyarrow record batches
        with the schema :func:`record_schema`, in order."""
        return self._pipelined(docs, threads, layout, errors, "arrow", _arrow_batches)

    def _pipelined(
        self,
        docs: Iterable[Document],
        threads: Optional[int],
        layout: str,
        errors: str,
        form: str,
        finish: Callable[[Any, bool], Iterator[Any]],
    ) -> Iterator[Any]:
        """The records of ``docs`` in ``form`` (``json``, ``lines`` or ``arrow``), a batch at
        a time: one batch is extracted while ``finish`` turns the one before into Python
        objects."""
        pool = self._pool(threads)
        skip = _skip(errors)
        jobs: "deque[Any]" = deque()
        for first, inputs in _batches(docs):
            jobs.append(self._core.start(pool, inputs, first, _layout(layout), form, skip))
            if len(jobs) > 1:
                yield from finish(jobs.popleft(), skip)
        while jobs:
            yield from finish(jobs.popleft(), skip)

    def _pool(self, threads: Optional[int]) -> Any:
        if threads is not None and (not isinstance(threads, int) or threads < 1):
            raise ValueError(f"threads must be a positive integer, not {threads!r}")
        pool = self._pools.get(threads)
        if pool is None:
            pool = self._pools.setdefault(threads, _tonle.Pool(threads))
        return pool


def _layout(layout: str) -> str:
    if layout not in _LAYOUTS:
        raise ValueError(f"layout must be one of {', '.join(map(repr, _LAYOUTS))}, not {layout!r}")
    return layout


def _json_default(value: Any) -> Any:
    if isinstance(value, (_datetime.date, _datetime.datetime)):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray)):
        return value.decode("utf-8", "replace")
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    raise TypeError(f"{type(value).__name__} cannot be written as JSON")


class JsonLine(str):
    """A document given as one JSON object in text, read exactly as ``tonle extract`` reads a
    line of a ``.jsonl`` file: ``tonle.JsonLine('{"id": "a1", "text": "..."}')``."""

    __slots__ = ()


def _input(doc: Any, index: int) -> Any:
    """What the Rust side takes: ``(id, text)`` for a plain text, else one JSON line."""
    if isinstance(doc, JsonLine):
        return str(doc)
    if isinstance(doc, str):
        return (str(index), doc)
    if isinstance(doc, Mapping):
        if "text" in doc and (len(doc) == 1 or (len(doc) == 2 and "id" in doc)):
            # The common case, without a JSON round trip: the same document either way.
            text, id = doc["text"], doc.get("id")
            if isinstance(text, str) and id is None:
                return (str(index), text)
            if isinstance(text, str) and isinstance(id, str) and id:
                return (id, text)
        return json.dumps(doc, ensure_ascii=False, default=_json_default)
    raise TypeError(
        f"document {index} is a {type(doc).__name__}; give a str (the text) or a dict with a "
        "\"text\" field"
    )


def _batches(docs: Iterable[Document]) -> Iterator[Tuple[int, List[Any]]]:
    if isinstance(docs, (str, Mapping)):
        docs = [docs]
    batch: List[Any] = []
    chars = 0
    first = 0
    for index, doc in enumerate(docs):
        item = _input(doc, index)
        batch.append(item)
        chars += len(item[1]) if isinstance(item, tuple) else len(item)
        if chars >= _BATCH_CHARS or len(batch) >= _BATCH_DOCS:
            yield first, batch
            first, batch, chars = index + 1, [], 0
    if batch:
        yield first, batch


def _skip(errors: str) -> bool:
    if errors not in ("raise", "skip"):
        raise ValueError(f"errors must be 'raise' or 'skip', not {errors!r}")
    return errors == "skip"


def _failed(failures: List[str], skip: bool) -> None:
    if failures and not skip:
        raise TonleError(failures[0])
    for message in failures:
        warnings.warn(message, TonleWarning, stacklevel=3)


def _json_records(job: Any, skip: bool) -> Iterator[Record]:
    data, failures = job.wait()
    yield from json.loads(data)
    _failed(failures, skip)


def _json_lines(job: Any, skip: bool) -> Iterator[bytes]:
    data, failures = job.wait()
    if data:
        yield data
    _failed(failures, skip)


# -- Arrow ----------------------------------------------------------------------------------

_ARROW_TYPES = {"str": "string", "json": "string", "int": "int64", "float": "float64", "bool": "bool_"}
_schema: Any = None


def record_schema() -> "pyarrow.Schema":
    """The Arrow schema of records (docs/python.md): one nullable column per record field, in
    the order records write their fields; ``attrs``, ``zones`` and ``meta`` hold JSON text.
    The schema only grows (new fields at the end) within a schema version."""
    global _schema
    if _schema is None:
        import pyarrow as pa

        fields = []
        for name, kind in _tonle.record_columns():
            meta = {b"tonle.kind": kind.encode()}
            fields.append(pa.field(name, getattr(pa, _ARROW_TYPES[kind])(), True, meta))
        _schema = pa.schema(fields, metadata={b"tonle.schema_version": str(SCHEMA_VERSION).encode()})
    return _schema


def _to_batch(rows: int, columns: Sequence[Any]) -> "pyarrow.RecordBatch":
    import pyarrow as pa

    schema = record_schema()
    arrays = []
    for field, (validity, nulls, buffers) in zip(schema, columns):
        bufs = [None if validity is None else pa.py_buffer(validity)]
        bufs += [pa.py_buffer(b) for b in buffers]
        arrays.append(pa.Array.from_buffers(field.type, rows, bufs, null_count=nulls))
    return pa.RecordBatch.from_arrays(arrays, schema=schema)


def _arrow_batches(job: Any, skip: bool) -> Iterator["pyarrow.RecordBatch"]:
    sets, failures = job.wait()
    _failed(failures, skip)
    for rows, columns in sets:
        if rows:
            yield _to_batch(rows, columns)


def _record_batches(data: Any) -> Iterator[Any]:
    import pyarrow as pa

    if isinstance(data, pa.Table):
        yield from data.to_batches()
    elif isinstance(data, pa.RecordBatch):
        yield data
    elif isinstance(data, pa.RecordBatchReader):
        yield from data
    elif type(data).__name__ == "DataFrame" and hasattr(data, "to_records"):  # pandas
        yield from pa.Table.from_pandas(data, preserve_index=False).to_batches()
    else:
        for batch in data:
            if isinstance(batch, pa.Table):
                yield from batch.to_batches()
            else:
                yield batch


def _table_docs(data: Any, id_column: str, text_column: str) -> Iterator[Document]:
    """The rows of Arrow data as documents: the id and text columns, and the other non-null
    columns as further fields (``meta``), as in a JSON line."""
    for batch in _record_batches(data):
        names = batch.schema.names
        if text_column not in names:
            raise TonleError(
                f"no \"{text_column}\" column, which should hold the article text (the columns "
                f"are {', '.join(names)}); name it with text_column="
            )
        others = [n for n in names if n not in (id_column, text_column)]
        step = _BATCH_DOCS
        for offset in range(0, batch.num_rows, step):
            part = batch.slice(offset, step)
            texts = part.column(text_column).to_pylist()
            ids = part.column(id_column).to_pylist() if id_column in names else [None] * len(texts)
            extra = part.select(others).to_pylist() if others else [{}] * len(texts)
            for id, text, fields in zip(ids, texts, extra):
                doc: Dict[str, Any] = {} if id is None else {"id": id}
                doc["text"] = text
                # A null is a field this row lacks, as a JSON line would.
                doc.update((k, v) for k, v in fields.items() if v is not None)
                yield doc


# -- reading records back -------------------------------------------------------------------


def read_records(path: PathLike) -> "pandas.DataFrame":
    """Records written by ``tonle extract`` (JSON lines, ``.gz`` too) or by the Spark job
    (a directory or file of Parquet), as a pandas DataFrame with one column per record field
    (:func:`record_schema`): nullable integers (``Int64``) for offsets and counts, ``boolean``
    for flags, categoricals for kind, type, category and zone.

    :raises TonleError: a line that is not a tonle record (the message names file and line).
    """
    import pandas as pd
    import pyarrow as pa

    table = read_records_arrow(path)
    nullable = {pa.int64(): pd.Int64Dtype(), pa.bool_(): pd.BooleanDtype()}
    df = table.to_pandas(types_mapper=nullable.get)
    for name in CATEGORICAL_COLUMNS:
        df[name] = df[name].astype("category")
    return df


def read_records_arrow(path: PathLike) -> "pyarrow.Table":
    """Like :func:`read_records`, as a ``pyarrow.Table`` with :func:`record_schema`."""
    import pyarrow as pa

    path = os.fspath(path)
    if os.path.isdir(path) or path.endswith(".parquet"):
        import pyarrow.dataset as ds

        data = ds.dataset(path, format="parquet", partitioning="hive").to_table()
        return _conform(data)
    opener = gzip.open if path.endswith(".gz") else open
    batches = []
    with opener(path, "rb") as f:
        lines: List[bytes] = []
        first_line = 1
        for line in f:
            lines.append(line)
            if len(lines) >= 8192:
                batches.append(_to_batch(*_tonle.records_to_columns(lines, path, first_line)))
                first_line += len(lines)
                lines = []
        if lines or not batches:
            batches.append(_to_batch(*_tonle.records_to_columns(lines, path, first_line)))
    return pa.Table.from_batches(batches, schema=record_schema())


def _conform(table: Any) -> Any:
    """A table read from Parquet with the record schema's columns, order and types (a
    partition column such as ``kind`` comes back dictionary-encoded, and last)."""
    import pyarrow as pa

    schema = record_schema()
    columns = []
    for field in schema:
        if field.name in table.column_names:
            columns.append(table.column(field.name).cast(field.type))
        else:
            columns.append(pa.nulls(table.num_rows, field.type))
    return pa.Table.from_arrays(columns, schema=schema)
