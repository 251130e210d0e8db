"""Helpers the views of every app share."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest

from core.exceptions import DomainError


def run(request: HttpRequest, action: Callable[[], Any], success: str = "") -> bool:
    """Run a service call; show its DomainError as a message. True when it went through."""
    try:
        action()
    except DomainError as error:
        messages.error(request, error.message)
        return False
    if success:
        messages.success(request, success)
    return True
