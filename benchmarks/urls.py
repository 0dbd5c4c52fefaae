"""The benchmark URLconf: the app's own URLs, unchanged, and the bare baseline views beside them."""

from django.urls import include, path

from benchmarks import baseline

urlpatterns = [
    path("bench/chronology/<str:key>", baseline.chronology, name="bench-chronology"),
    path("bench/lookup", baseline.lookup, name="bench-lookup"),
    path("bench/floor", baseline.floor, name="bench-floor"),
    path("", include("joinedup.urls")),
]
