from django.contrib import admin
from django.urls import include, path

from loops.views import health, site

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("livez", health.livez, name="livez"),
    path("favicon.ico", site.favicon),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("", include("loops.urls")),
]
