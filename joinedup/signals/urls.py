from django.urls import path

from joinedup.signals import views

app_name = "signals"
urlpatterns = [
    path("signals/", views.inbox, name="inbox"),
    path("signals/rules", views.rules, name="rules"),
    path("signals/<int:signal_id>", views.signal_detail, name="signal"),
    path(
        "signals/<int:signal_id>/acknowledge",
        views.signal_acknowledge_view,
        name="acknowledge",
    ),
    path("signals/<int:signal_id>/respond", views.signal_respond_view, name="respond"),
    path("flags", views.flags_page, name="flags"),
]
