from django.urls import include, path

urlpatterns = [
    path("api/", include("joinedup.api.urls")),
    path("", include("joinedup.signals.urls")),
    path("", include("joinedup.casework.urls")),
    path("", include("joinedup.ui.urls")),
]
