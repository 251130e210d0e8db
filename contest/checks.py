"""System checks of the portal's configuration."""

from django.conf import settings
from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured

NO_SECRET_KEY = "Задайте DJANGO_SECRET_KEY (длинная случайная строка) или включите режим отладки DJANGO_DEBUG=1."


def secret_key_missing() -> bool:
    try:
        return not settings.SECRET_KEY
    except ImproperlyConfigured:  # Django refuses to hand out an empty key
        return True


@register(deploy=True)
def secret_key_is_set(app_configs, **kwargs) -> list[Error]:
    """Production needs its own key: without it sessions, CSRF tokens and activation links could not be trusted."""
    return [Error(NO_SECRET_KEY, id="contest.E001")] if secret_key_missing() else []
