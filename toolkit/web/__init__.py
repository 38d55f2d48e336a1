"""The browser front end, `crbd serve`: a local web app over the same files as the terminal.

A sibling of `toolkit.cli` (neither imports the other), it drives the same
workflow layer: every answer given in a page is validated as an answers file's
entry, recorded with its history under the file's lock and written atomically,
so `git diff` and every CLI command see what the browser did. `server` binds
and runs it, `security` guards every request, `files` keeps it inside the
served folder, `store` makes the changes and `app` lays out the pages.
"""
