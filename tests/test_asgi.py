"""Which handler serves a path: the async (streaming) views the URLconf names go to
Django's ASGI handler, everything else to the thread pool."""

import pytest

from debrief.asgi import streams


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/loops/12/debrief/stream/", True),
        ("/loops/12/debrief/", False),
        ("/loops/12/debrief/vote/", False),
        ("/healthz", False),
        ("/no/such/page/", False),
    ],
)
def test_only_the_views_that_stream_go_to_the_async_handler(path, expected):
    assert streams(path) is expected
