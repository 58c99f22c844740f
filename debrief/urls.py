from django.contrib import admin
from django.contrib.auth import urls as django_auth_urls
from django.contrib.auth import views as auth_views
from django.urls import include, path

from loops.forms.directory import SignInForm
from loops.views import accounts, health, site

# Django's auth URLs, with the sign-in form that checks the email's length and the reset
# request that is limited and sent by the worker.
auth_urls = [
    path("login/", auth_views.LoginView.as_view(authentication_form=SignInForm), name="login"),
    path("password_reset/", accounts.password_reset, name="password_reset"),
    *(
        pattern
        for pattern in django_auth_urls.urlpatterns
        if pattern.name not in ("login", "password_reset")
    ),
]

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("livez", health.livez, name="livez"),
    path("favicon.ico", site.favicon),
    path("accounts/", include(auth_urls)),
    path("admin/", admin.site.urls),
    path("", include("loops.urls")),
]
