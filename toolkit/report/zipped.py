"""Office files with the same bytes for the same input.

Word and Excel files are ZIP archives, and the libraries that write them
(python-docx, openpyxl) stamp every entry with the time of writing, so two
renders of one assessment a second apart differ. Archived reports and exports
are compared by hash; rewriting the archive with one fixed time, taken from
the assessment, makes that comparison meaningful.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from datetime import datetime


def with_fixed_times(
    archive: bytes, stamp: datetime, replaced: Mapping[str, bytes] | None = None
) -> bytes:
    """The same archive, every entry dated `stamp`; `replaced` entries get new content."""
    replaced = replaced or {}
    written = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(archive)) as source,
        zipfile.ZipFile(written, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            name = entry.filename
            data = replaced[name] if name in replaced else source.read(entry)
            fixed = zipfile.ZipInfo(name, date_time=stamp.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.create_system = 0
            fixed.external_attr = 0
            target.writestr(fixed, data)
    return written.getvalue()
