"""A page made again keeps each of its tables and charts whose own queries return what they returned last time.

A page is reused whole when nothing it read changed (publish/site.py); otherwise every placeholder on it was made
again, though an edit usually changes few of them (a model's name is in some of a page's tables and charts, not
in the others). Each table or chart that stands on a line of its own is a marked block of the
page's Markdown (publish/raw_blocks.py), so the previous build's copy of it is the block at the same place in the
previous page. It is kept when the previous build made it from the same page source, code, scenario and place
(the caller passes the previous blocks and their records only then), it read the database through the page's
recorder alone and no generated file, and each of its queries returns the same rows now (incremental.same_results):
the output of a table or chart is a function of those rows. Its queries and compiled charts are carried into the
page's own record, as if it had been made again, so the next build compares the same things either way."""

from __future__ import annotations

from . import incremental, vega_compile
from .raw_blocks import RAW_END, RAW_START


def marked_blocks(markdown: str) -> list[str] | None:
    """The marked blocks of a page's Markdown, in order, as fill() wrote them; None if the markers do not pair."""
    blocks: list[str] = []
    current: list[str] | None = None
    for line in markdown.split("\n"):
        if line == RAW_START:
            if current is not None:
                return None
            current = []
        elif line == RAW_END:
            if current is None:
                return None
            blocks.append("\n".join(current))
            current = None
        elif current is not None:
            current.append(line)
    return None if current is not None else blocks


class Fragments:
    """The marked blocks of one page being made: each one reused or made (make), and what each read (`now`, for the
    next build's state). `before`: the previous build's records of this page's blocks, `blocks` their text, `memo`
    the compiled charts the previous build kept; any of them None: every block is made."""

    def __init__(self, con, recorder: incremental.Recorder, files, before: list | None, blocks: list[str] | None,
                 memo: dict | None, seen: dict | None = None, unchanged_inputs=None) -> None:
        """`seen`: result digests already taken on `con` (incremental.same_results), shared with the page's own;
        `unchanged_inputs`: incremental.QueryInputs.unchanged, for queries that need not be run again."""
        self.con, self.recorder, self.files = con, recorder, files
        self.seen = {} if seen is None else seen
        self.unchanged_inputs = unchanged_inputs
        usable = isinstance(before, list) and isinstance(blocks, list) and len(before) == len(blocks) and memo is not None
        self.before, self.blocks, self.memo = (before, blocks, memo) if usable else (None, None, {})
        self.now: list[dict | None] = []
        self.reused = 0

    def make(self, kind: str, name: str, generate) -> str:
        """The block's HTML: the previous build's when it may be kept, else generate()'s."""
        at = len(self.now)
        old = self.before[at] if self.before is not None and at < len(self.before) else None
        if self._keeps(old, kind, name):
            self.recorder.sql.extend(sql for sql, _, _ in old["queries"])
            self.recorder.queries.extend((sql, params, digest) for sql, params, digest in old["queries"])
            vega_compile.memo.used.update({key: self.memo[key] for key in old["memo"]})
            self.now.append(old)
            self.reused += 1
            return self.blocks[at]
        return self._made(kind, name, generate)

    def _keeps(self, old, kind: str, name: str) -> bool:
        return (isinstance(old, dict) and old.get("kind") == kind and old.get("name") == name
                and isinstance(old.get("memo"), list) and all(isinstance(k, str) and k in self.memo for k in old["memo"])
                and incremental.same_results(self.con, old.get("queries"), self.seen, self.unchanged_inputs))

    def _made(self, kind: str, name: str, generate) -> str:
        recorder, memo = self.recorder, vega_compile.memo
        tracked, first = recorder.tracked, len(recorder.queries)
        used_before, files_before = memo.used, set(self.files.used)
        memo.used = {}
        try:
            html = generate()
            compiled = memo.used
        finally:
            memo.used = {**used_before, **memo.used}
        queries = [[sql, params, digest] for sql, params, digest in recorder.queries[first:]]
        keep = (tracked and recorder.tracked and self.files.used == files_before and queries
                and all(digest is not None and incremental.read_only(sql) and _json_safe(params) for sql, params, digest in queries))
        self.now.append({"kind": kind, "name": name, "queries": queries, "memo": sorted(compiled)} if keep else None)
        return html


def _json_safe(params: list) -> bool:
    """Parameters the state (JSON) carries as they are: a query is run again with them."""
    return all(value is None or isinstance(value, (str, int, float, bool)) for value in params)
