import pytest

from core.links import absolute_url


def test_links_use_the_public_address_not_a_request(settings):
    settings.PORTAL_URL = "https://ohs.example.ru"
    assert absolute_url("/check/2011-К-0001/") == "https://ohs.example.ru/check/2011-К-0001/"
    with pytest.raises(ValueError, match="not a path"):
        absolute_url("https://elsewhere.example/")
