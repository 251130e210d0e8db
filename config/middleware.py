"""Security headers beyond Django's SecurityMiddleware: the Content-Security-Policy (django-csp) and a Permissions-Policy.

Both policies are settings (CONTENT_SECURITY_POLICY, PERMISSIONS_POLICY in config/settings.py); these classes only decide
which responses carry them.
"""

from csp.middleware import CSPMiddleware
from django.conf import settings


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's policy on every response except PDFs shown in the browser (the printed forms).

    Chromium shows a PDF in a page of its own with inline styles and an <embed> (crbug.com/271452); the portal's policy
    (object-src 'none', style-src 'self') would leave it blank. A PDF runs none of the portal's scripts.
    """

    def process_response(self, request, response):
        if response.get("Content-Type", "").split(";")[0].strip().lower() == "application/pdf":
            return response
        return super().process_response(request, response)


class PermissionsPolicyMiddleware:
    """Permissions-Policy from settings.PERMISSIONS_POLICY: {feature: [allowed origins]}, an empty list denies it to all."""

    def __init__(self, get_response):
        self.get_response = get_response
        policy = getattr(settings, "PERMISSIONS_POLICY", {})
        self.header = ", ".join(f"{feature}=({' '.join(allowed)})" for feature, allowed in policy.items())

    def __call__(self, request):
        response = self.get_response(request)
        if self.header and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = self.header
        return response
