"""Live preview: the plan as a web page on 127.0.0.1, rebuilt whenever one of its files changes.

preview.py keeps the latest build; page.py is what the browser gets, with a small script that
listens for new versions and reloads, and when the plan has errors, them at the top of the last
good page, each with its file, line and column; handler.py answers HTTP; server.py ties them to
a watcher of the plan's folder.
"""

from cspgen.serve.preview import Build, Preview
from cspgen.serve.server import PreviewServer, ServeError

__all__ = ["Build", "Preview", "PreviewServer", "ServeError"]
