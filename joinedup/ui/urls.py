from django.urls import path

from joinedup.ui import identity_views, views

app_name = "ui"
# The URL names are a contract with the benchmarks and browser tests: keep them.
urlpatterns = [
    path("", views.home, name="home"),
    path("sign-in", views.sign_in, name="sign-in"),
    path("sign-out", views.sign_out, name="sign-out"),
    path("session/keep-alive", views.keep_alive, name="keep-alive"),
    path("people/search", views.search, name="search"),
    path("people/<str:key>", views.person, name="person"),
    path("identity/reviews", identity_views.identity_reviews, name="identity-reviews"),
    path(
        "identity/reviews/<int:review_id>", identity_views.identity_review, name="identity-review"
    ),
    path("people/<str:key>/share", identity_views.person_share_view, name="person-share"),
    path(
        "people/<str:key>/merges/<int:merge_id>/undo",
        identity_views.person_unmerge_view,
        name="person-unmerge",
    ),
]
