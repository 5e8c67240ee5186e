"""Backup and restore of a thidua installation: the database and the uploaded files in one archive.

`create_backup` (`thidua backup`) and `restore_backup` (`thidua restore`); the archive format is
described in `manifest.py`, the per-engine copy and load in `engines.py`, the procedure in
docs/operations.md.
"""

from thidua.core.backup.create import BackupReport, create_backup
from thidua.core.backup.restore import RestoreReport, restore_backup

__all__ = ["BackupReport", "RestoreReport", "create_backup", "restore_backup"]
