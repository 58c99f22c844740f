"""The ASGI application uvicorn serves.

Django's views are synchronous except the ones that stream. Under Django's ASGI
handler every synchronous middleware hops to a worker thread and back (two hops
for each of a dozen middleware), which costs milliseconds on every request;
Django's WSGI handler runs a whole request on one thread. So ordinary requests go
to the WSGI handler on a thread pool (a2wsgi), and only the paths that stream,
which need the event loop, go to Django's ASGI handler: a path goes there when the view
the URLconf routes it to is async, so no second copy of any URL lives here.
"""

import os
from functools import lru_cache

from a2wsgi import WSGIMiddleware
from asgiref.sync import iscoroutinefunction
from django.conf import settings
from django.core.asgi import get_asgi_application
from django.core.wsgi import get_wsgi_application
from django.urls import Resolver404, get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "debrief.settings")

django_asgi = get_asgi_application()

from loops.live import listener  # noqa: E402 - once Django is set up

# Few threads: page rendering is CPU-bound, and threads of one process take turns
# on the GIL, so more threads add switching, not speed (run more processes instead).
django_wsgi = WSGIMiddleware(get_wsgi_application(), workers=settings.WEB_THREADS)


@lru_cache(maxsize=4096)
def streams(path: str) -> bool:
    """Whether the view at ``path`` is async (it streams), asked of the URLconf."""
    try:
        match = get_resolver().resolve(path)
    except Resolver404:
        return False
    return iscoroutinefunction(match.func)


def without_underscored_headers(scope):
    """The scope less any header whose name holds an underscore. WSGI spells headers with
    underscores, so "X_Forwarded_For" would land on the same HTTP_X_FORWARDED_FOR as a
    proxy's X-Forwarded-For and forge the client's address; Django's ASGI handler drops
    such headers, the WSGI bridge does not, so they are dropped here for both."""
    headers = scope.get("headers") or []
    if not any(b"_" in name for name, _ in headers):
        return scope
    return {**scope, "headers": [(n, v) for n, v in headers if b"_" not in n]}


async def application(scope, receive, send):
    # Each process listens for debrief changes from its first request on, so its one
    # LISTEN connection is there whether or not it serves a stream yet.
    listener.hub().start()
    if scope["type"] == "http":
        scope = without_underscored_headers(scope)
    if scope["type"] == "http" and streams(scope["path"]):
        await django_asgi(scope, receive, send)
    else:
        # Plain HTTP requests, and the lifespan protocol, which a2wsgi answers.
        await django_wsgi(scope, receive, send)
