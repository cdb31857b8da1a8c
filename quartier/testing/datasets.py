"""Where the shared datasets live (`../shared/data` beside the repository), for tests and
benchmarks. Plain Python, no Django: the statistics tests use it too."""

from __future__ import annotations

import os
from pathlib import Path

SHARED_DATA = Path(
    os.environ.get("QUARTIER_SHARED_DATA", Path(__file__).resolve().parents[3] / "shared" / "data")
)
INSEE_DATA = SHARED_DATA / "insee"
