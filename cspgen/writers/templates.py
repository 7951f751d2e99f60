"""The one Jinja environment every page is rendered with, and its cache of compiled templates.

Templates hold markup only and print what their writer worked out; the HTML and Markdown writers
and the changes page load theirs from here, beside this module in the package, so an installed
cspgen finds them from any folder.
"""

from __future__ import annotations

import functools
import hashlib

import jinja2


@functools.cache
def environment(autoescape: bool) -> jinja2.Environment:
    """HTML escapes every value it is given; Markdown is given values its writer escaped."""
    made = jinja2.Environment(
        loader=jinja2.PackageLoader("cspgen.writers", "templates"),
        autoescape=autoescape,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    made.globals["unhandled"] = unhandled
    made.bytecode_cache = template_cache(made)
    return made


def unhandled(kind: str) -> str:
    """A template's last branch: a node kind it does not know must fail the build, not vanish."""
    raise TypeError(f"the template has no branch for document nodes of kind {kind!r}")


def template_cache(environment: jinja2.Environment) -> jinja2.BytecodeCache | None:
    """Templates compiled once, as Python keeps .pyc files: compiling them is most of a small build.

    Jinja knows a cached template by its name and checks its source, but not the settings it
    was compiled with, so those are part of the file names. A cache that cannot be used is
    no cache: the templates are compiled as before.
    """
    settings = (
        jinja2.__version__,
        environment.block_start_string,
        environment.variable_start_string,
        environment.comment_start_string,
        environment.line_statement_prefix,
        environment.trim_blocks,
        environment.lstrip_blocks,
        environment.keep_trailing_newline,
        environment.newline_sequence,
        environment.autoescape,
        environment.optimized,
        sorted(environment.extensions),
    )
    fingerprint = hashlib.blake2b(repr(settings).encode("utf-8"), digest_size=8).hexdigest()
    try:
        return _TemplateCache(pattern=f"__cspgen_{fingerprint}_%s.cache")
    except (OSError, RuntimeError):
        return None


class _TemplateCache(jinja2.FileSystemBytecodeCache):
    """In the user's own temporary folder (Jinja checks it is private); failures only cost time."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, EOFError, ValueError, TypeError):
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            return
