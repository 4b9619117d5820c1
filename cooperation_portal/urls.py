from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path, re_path

from accounts import allauth_views
from accounts import views as account_views
from exchanges.notifications import views as notification_views
from practices import sitemaps

from . import views

# One door: the admin has no password form of its own. Its log-in sends everyone to the
# portal's (rate-limited, with the second factor) and refuses signed-in people without rights.
admin.site.login = account_views.admin_login  # type: ignore[method-assign]

urlpatterns: list[URLPattern | URLResolver] = [
    path("healthz", views.healthz, name="healthz"),
    path("sitemap.xml", sitemaps.sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemaps.sitemap_section, name="sitemap_section"),
    path("i18n/setlang/", views.set_language, name="set_language"),
    # Short and without a language prefix: it must fit on one List-Unsubscribe header line.
    path("u/<str:token>/", notification_views.unsubscribe, name="unsubscribe"),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("figures/", views.figures, name="figures"),
    path("figures/<slug:slug>.csv", views.figure_csv, name="figure_csv"),
    # allauth's form views, answering bad input with a 4xx (see accounts.allauth_views).
    path("accounts/login/", allauth_views.LoginView.as_view(), name="account_login"),
    path(
        "accounts/password/change/",
        allauth_views.PasswordChangeView.as_view(),
        name="account_change_password",
    ),
    path(
        "accounts/password/reset/",
        allauth_views.PasswordResetView.as_view(),
        name="account_reset_password",
    ),
    re_path(
        r"^accounts/password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$",
        allauth_views.PasswordResetFromKeyView.as_view(),
        name="account_reset_password_from_key",
    ),
    # E-mail management is closed (the address is the one invited); allauth's other pages stay.
    path("accounts/email/", account_views.email_management_closed, name="account_email"),
    path("accounts/", include("allauth.urls")),
    path("accounts/", include("accounts.urls")),
    path("", include("cities.urls")),
    path("", include("practices.urls")),
    path("", include("exchanges.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
