"""Post/Redirect/Get in the tests: a refused POST answers 303 to its own page."""

from urllib.parse import urlsplit


def refused_page(client, response):
    """The page a refused POST redirected to (its own), which shows why once; the
    POST's answer is kept as `refused`."""
    assert response.status_code == 303, response.status_code
    assert urlsplit(response["Location"]).path == response.request["PATH_INFO"]
    page = client.get(response["Location"])
    page.refused = response
    return page
