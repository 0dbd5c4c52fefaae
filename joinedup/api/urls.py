from django.urls import path

from joinedup.api import steps, views

app_name = "api"
urlpatterns = [
    path("v1/events", views.events_create, name="events"),
    path("v1/events/bulk", views.events_bulk, name="events-bulk"),
    path("v1/events/<int:event_id>", views.event_detail, name="event"),
    path("v1/flags", views.flags_api, name="flags"),
    path("v1/people/<str:key>/case", views.person_case, name="person-case"),
    path("v1/people/<str:key>/steps/<slug:step>", steps.person_step, name="person-step"),
    path("v1/openapi.json", views.openapi, name="openapi"),
    path("docs", views.docs, name="docs"),
]
