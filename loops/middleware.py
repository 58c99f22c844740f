"""Keep signed-in pages out of caches."""

from asgiref.sync import iscoroutinefunction
from django.utils.cache import add_never_cache_headers
from django.utils.decorators import sync_and_async_middleware


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
