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
    walked again within it.

    The list MkDocs keeps of them is kept too: it filters the fourteen thousand names (Material's icons) through a
    function of its own with a dozen patterns each (about 0.02 s). That function is made anew on each call, so the
    list is kept under its code, the objects it holds (the configuration) and what it reads of them (the theme's
    static templates, which a plugin may change between the listing ahead and the build's): the same code reading
    the same values gives the same list."""
    import jinja2

    original = jinja2.FileSystemLoader.list_templates
    original_filtered = jinja2.Environment.list_templates

    def list_templates(self):
        key = (tuple(str(p) for p in self.searchpath), self.followlinks)
        if key not in memo:
            memo[key] = original(self)
        return list(memo[key])

    def list_filtered(self, extensions=None, filter_func=None):
        loader, code = self.loader, getattr(filter_func, "__code__", None)
        if extensions is not None or code is None or type(loader) is not jinja2.FileSystemLoader \
                or filter_func.__defaults__ or filter_func.__kwdefaults__:
            return original_filtered(self, extensions, filter_func)
        try:
            held = [cell.cell_contents for cell in filter_func.__closure__ or ()]
        except ValueError:  # a cell not yet bound
            return original_filtered(self, extensions, filter_func)
        read = tuple(tuple(sorted(obj.theme.static_templates)) for obj in held
                     if isinstance(getattr(getattr(obj, "theme", None), "static_templates", None), (set, frozenset)))
        key = ("filtered", tuple(str(p) for p in loader.searchpath), loader.followlinks, code,
               tuple(id(obj) for obj in held), read)
        if key not in memo:
            # The objects the function holds are kept alive with the list, so their ids cannot be reused meanwhile.
            memo[key] = (original_filtered(self, extensions, filter_func), filter_func.__closure__)
        return list(memo[key][0])

    jinja2.FileSystemLoader.list_templates = list_templates
    jinja2.Environment.list_templates = list_filtered
    try:
        yield
    finally:
        jinja2.FileSystemLoader.list_templates = original
        jinja2.Environment.list_templates = original_filtered
