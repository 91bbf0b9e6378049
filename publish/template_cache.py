"""The theme's Jinja templates compiled once, not on every build, while we run MkDocs.

MkDocs makes a new Jinja environment on every build (and Material's search plugin three more), and each compiles
every template it loads from source: about a third of a second of a small rebuild. Jinja can keep the compiled code
(its bytecode cache, keyed by template name and file, checked against the template source's hash and Jinja's and
Python's versions); the pages rendered are the same characters either way.

The compiled code is Python code that is loaded and run, so it is kept only in this user's cache directory, never
under the checkout (a file a pull request could add must never be one we load) — like the check cache. Used only
around our own build, and not for cold builds (DL_INCREMENTAL=0)."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


def cache_dir() -> Path:
    from pipeline.user_cache import directory

    return directory("jinja-bytecode")


@contextlib.contextmanager
def compiled_templates():
    if os.environ.get("DL_INCREMENTAL", "1") == "0":
        yield
        return
    try:
        import jinja2
        from mkdocs.theme import Theme

        original = Theme.get_env
        directory = cache_dir()
        directory.mkdir(parents=True, exist_ok=True)
        os.chmod(directory, 0o700)
        cache = jinja2.FileSystemBytecodeCache(str(directory))
    except (ImportError, AttributeError, OSError):  # another MkDocs or Jinja, or no cache folder: compile as usual
        yield
        return

    def get_env(self):
        env = original(self)
        env.bytecode_cache = cache
        return env

    Theme.get_env = get_env
    try:
        yield
    finally:
        Theme.get_env = original


@contextlib.contextmanager
def theme_listing(memo: dict):
    """Jinja's list of a theme's template files, walked once per build: MkDocs lists them to find the theme's static
    files (a walk of every theme folder, about 0.05 s), and the site stage lists them ahead, while the pages are
    generated (publish/site.py), into `memo`, which the build then reads. One memo per build: the folders are not
    walked again within it."""
    import jinja2

    original = jinja2.FileSystemLoader.list_templates

    def list_templates(self):
        key = (tuple(str(p) for p in self.searchpath), self.followlinks)
        if key not in memo:
            memo[key] = original(self)
        return list(memo[key])

    jinja2.FileSystemLoader.list_templates = list_templates
    try:
        yield
    finally:
        jinja2.FileSystemLoader.list_templates = original
