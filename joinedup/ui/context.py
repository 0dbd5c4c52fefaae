"""What every page needs: the service name, the signed-in user's role, the session length."""

from __future__ import annotations

from functools import cache

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from joinedup.access.models import Profile
from joinedup.access.roles import ROLES, Role


def _profile(request: HttpRequest) -> Profile | None:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    return Profile.objects.select_related("organisation").filter(user_id=user.pk).first()


def site(request: HttpRequest) -> dict[str, object]:
    @cache
    def profile() -> Profile | None:  # read once, and only if the page prints it
        return _profile(request)

    def role() -> Role | None:
        found = profile()
        return ROLES.get(found.role) if found is not None else None

    return {
        "SITE_NAME": settings.SITE_NAME,
        "SESSION_TIMEOUT_SECONDS": settings.SESSION_COOKIE_AGE,
        # The header prints them for signed-in users: the profile, and what its role may do
        # (`access.roles`), for the links it offers.
        "current_profile": SimpleLazyObject(profile),
        "current_role": SimpleLazyObject(role),
    }
