"""What every page needs: the service name, the signed-in user's role, the session length."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from joinedup.access.models import Profile
from joinedup.access.policy import IDENTITY_DECIDERS


def _profile(request: HttpRequest) -> Profile | None:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    return Profile.objects.select_related("organisation").filter(user_id=user.pk).first()


def site(request: HttpRequest) -> dict[str, object]:
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SESSION_TIMEOUT_SECONDS": settings.SESSION_COOKIE_AGE,
        # Looked up only if the page prints it (the header does, for signed-in users).
        "current_profile": SimpleLazyObject(lambda: _profile(request)),
        "IDENTITY_DECIDERS": IDENTITY_DECIDERS,
    }
