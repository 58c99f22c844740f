from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from debrief.celery import app as celery_app


def _database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except Exception as exc:
        return f"error: {exc.__class__.__name__}"


def _broker_state() -> str:
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return "ok"
    except Exception as exc:
        return f"error: {exc.__class__.__name__}"


@login_not_required
@require_GET
@never_cache
def healthz(request):
    """The database's and the broker's state, as JSON; 503 when either is down."""
    state = {"database": _database_state(), "broker": _broker_state()}
    healthy = all(value == "ok" for value in state.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", **state}, status=200 if healthy else 503
    )


@login_not_required
@require_GET
def livez(request):
    """The process answers; touches nothing else."""
    return HttpResponse("ok", content_type="text/plain")
