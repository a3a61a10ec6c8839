"""Moved to `districts.pagination`, which every app may import; kept only for `courses.views` until its split.

The import-linter contract ignores exactly that one import (see `.importlinter`); delete this module
and that line once `courses.views` imports `districts.pagination`.
"""

from districts.pagination import PAGE_PARAMETER, paginate

__all__ = ["PAGE_PARAMETER", "paginate"]
