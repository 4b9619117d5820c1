from django.urls import path

from . import views

urlpatterns = [
    path("notifications/", views.inbox, name="inbox"),
    path("notifications/read/", views.inbox_mark_read, name="inbox_mark_read"),
    path("notifications/settings/", views.settings_view, name="notification_settings"),
    path("notifications/settings/links/revoke/", views.links_revoke, name="links_revoke"),
    path("notifications/outbox/", views.outbox, name="outbox"),
    path("notifications/outbox/<int:pk>/retry/", views.outbox_retry, name="retry"),
]
