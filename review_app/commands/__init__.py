"""One module per command group; each exposes `register(subparsers)`.

Adding a command is adding a module here and its name to COMMAND_MODULES.
"""

from review_app.commands import articles, check, export, glossary, serve, stats, tm, users

COMMAND_MODULES = [articles, tm, glossary, export, stats, serve, check, users]
