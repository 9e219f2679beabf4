"""Hypothesis profiles for the hostile-input tests.

CI (the default) tries a few examples per form, the same ones every run. Set
HYPOTHESIS_PROFILE=thorough locally to try many more (200 a form, or HYPOTHESIS_EXAMPLES),
with fresh random examples.
No example database is kept (nothing is written under the repository).
"""

import os

from hypothesis import HealthCheck, settings

_COMMON = {
    "deadline": None,
    "database": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
}
settings.register_profile("ci", max_examples=15, derandomize=True, **_COMMON)
settings.register_profile(
    "thorough", max_examples=int(os.environ.get("HYPOTHESIS_EXAMPLES", "200")), **_COMMON
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
