"""What a view needs: a permission of the rules modules, declared on the view. Without it the page answers 404, as
for a foreign object: nobody learns what exists behind an address they may not open."""

from collections.abc import Callable
from functools import wraps

from django.http import Http404


def needs(permission: str) -> Callable:
    """Decorator: the view answers 404 unless request.user has the (object-less) permission. Put it under
    @login_required, so that an anonymous visitor is sent to log in first."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.has_perm(permission):
                raise Http404
            return view(request, *args, **kwargs)

        wrapped.permission = permission  # type: ignore[attr-defined]
        return wrapped

    return decorator


def check(user, permission: str, obj=None) -> None:
    """Raise Http404 unless the user has the permission (on the object, when given)."""
    if not user.has_perm(permission, obj):
        raise Http404
