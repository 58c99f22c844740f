import pytest

from debrief.celery import app as celery_app


@pytest.mark.django_db
def test_health_reports_the_database_and_the_broker(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}


@pytest.mark.django_db
def test_health_says_which_part_is_down(client, monkeypatch):
    # A broker address where nothing listens.
    monkeypatch.setattr(celery_app.conf, "broker_write_url", "redis://127.0.0.1:9/0")
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["broker"].startswith("error")
    assert body["database"] == "ok"


def test_liveness_needs_no_sign_in(client):
    response = client.get("/livez")
    assert response.status_code == 200
    assert response.text == "ok"
