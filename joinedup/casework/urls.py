from django.urls import path

from joinedup.casework import views

app_name = "casework"
urlpatterns = [
    path("people/<str:key>/record/<slug:slug>", views.step_page, name="step"),
    path("people/<str:key>/record/<slug:slug>/draft", views.draft_page, name="draft"),
    path("people/<str:key>/allocate", views.allocate, name="allocate"),
    path("my-children", views.my_children, name="caseload"),
    path("team", views.team, name="team"),
    path("front-door", views.front_door, name="front-door"),
    path("service", views.service, name="service"),
    path("process", views.process, name="process"),
    path("authorisations", views.authorisations, name="authorisations"),
    path("authorisations/<int:submission_id>", views.authorisation, name="authorisation"),
]
