"""The app's settings with the benchmark's URLs (the app's own, and the baselines beside them),
for the server the concurrent-users benchmark starts."""

from joinedup.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.urls"
