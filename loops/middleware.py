"""Refuse input that no form can hold, before any view sees it; keep signed-in pages out of
caches."""

from asgiref.sync import iscoroutinefunction
from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils.cache import add_never_cache_headers
from django.utils.decorators import sync_and_async_middleware
from django.utils.html import escape

NUL_MESSAGE = (
    "What you sent contains a NUL character, which cannot be stored. "
    "Remove it (it usually comes from pasting binary text) and try again."
)


def _has_nul(query_dict) -> bool:
    return any("\x00" in value for values in query_dict.lists() for value in values[1])


def _reads_form(request) -> bool:
    """A POST whose form is small enough to read here; a larger one is left to its view,
    which says how much is too much (reading it here would spoil that)."""
    length = request.META.get("CONTENT_LENGTH") or "0"
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return request.method == "POST" and (
        limit is None or (length.isdigit() and int(length) <= limit)
    )


def _refusal(request) -> HttpResponse | None:
    if not (_has_nul(request.GET) or (_reads_form(request) and _has_nul(request.POST))):
        return None
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse({"error": NUL_MESSAGE}, status=400)
    return HttpResponse(f'<p role="alert" class="errorlist">{escape(NUL_MESSAGE)}</p>', status=400)


@sync_and_async_middleware
def refuse_nul_characters(get_response):
    """A NUL in any query or form value is answered 400 with the reason (JSON for JSON
    requests): PostgreSQL cannot store it in text or jsonb, and a browser never types it.
    Async as well as sync, so the live stream's async view keeps its own thread."""
    if iscoroutinefunction(get_response):

        async def middleware(request):
            return _refusal(request) or await get_response(request)

    else:

        def middleware(request):
            return _refusal(request) or get_response(request)

    return middleware


@sync_and_async_middleware
def no_store_when_signed_in(get_response):
    """Every page a signed-in person gets may hold notes, votes or reports: no browser
    history, shared computer or proxy may keep it (``Cache-Control: no-store``). A view
    that sets its own Cache-Control keeps it."""

    if iscoroutinefunction(get_response):

        async def middleware(request):
            response = await get_response(request)
            if "Cache-Control" not in response and (await request.auser()).is_authenticated:
                add_never_cache_headers(response)
            return response

    else:

        def middleware(request):
            response = get_response(request)
            if "Cache-Control" not in response and request.user.is_authenticated:
                add_never_cache_headers(response)
            return response

    return middleware
