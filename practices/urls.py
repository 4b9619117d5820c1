from django.urls import path

from cooperation_portal.public_cache import public_page

from . import exports, feeds, views
from .transfers import urls as transfers

app_name = "practices"

urlpatterns = [
    path("practices/", views.catalogue, name="catalogue"),
    path("practices/suggest/", views.suggest, name="suggest"),
    path("practices/export.csv", exports.export_csv, name="export_csv"),
    path("practices/export.json", exports.export_json, name="export_json"),
    path("practices/feed/", public_page(feeds.LatestPracticesFeed(), clock=False), name="feed_rss"),
    path(
        "practices/feed/atom/",
        public_page(feeds.LatestPracticesAtomFeed(), clock=False),
        name="feed_atom",
    ),
    path("practices/workspace/", views.workspace, name="workspace"),
    path("practices/themes/", views.themes, name="themes"),
    path("practices/new/", views.create, name="create"),
    path("practices/files/<int:pk>/", views.attachment, name="attachment"),
    path("practices/files/<int:pk>/remove/", views.detach, name="detach"),
    path("practices/images/<int:pk>/cover/", views.image_cover, name="image_cover"),
    path("practices/images/<int:pk>/remove/", views.image_remove, name="image_remove"),
    path("practices/images/<int:pk>/<str:size>/", views.image, name="image"),
    path("practices/previews/<int:pk>/", views.attachment_preview, name="attachment_preview"),
    path("practices/<slug:slug>/", views.detail, name="detail"),
    path("practices/<slug:slug>/pending/", views.pending, name="pending"),
    path("practices/<slug:slug>/edit/", views.edit, name="edit"),
    path("practices/<slug:slug>/attach/", views.attach, name="attach"),
    path("practices/<slug:slug>/submit/", views.submit, name="submit"),
    path("practices/<slug:slug>/publish/", views.publish, name="publish"),
    path("practices/<slug:slug>/send-back/", views.send_back, name="send_back"),
    path("practices/<slug:slug>/archive/", views.archive, name="archive"),
    path("practices/<slug:slug>/images/", views.add_image, name="add_image"),
    path("practices/<slug:slug>/pdf/", views.practice_pdf, name="pdf"),
    *transfers.urlpatterns,
]
