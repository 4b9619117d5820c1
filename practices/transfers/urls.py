from django.urls import path

from . import views

urlpatterns = [
    path("transfers/", views.transfer_list, name="transfer_list"),
    path("transfers/files/<int:pk>/", views.transfer_file, name="transfer_file"),
    path("transfers/<int:pk>/", views.transfer_detail, name="transfer"),
    path("transfers/<int:pk>/move/", views.transfer_move, name="transfer_move"),
    path("transfers/<int:pk>/plan/", views.transfer_edit, name="transfer_edit"),
    path("transfers/<int:pk>/kpis/", views.transfer_kpis, name="transfer_kpis"),
    path("transfers/<int:pk>/messages/", views.transfer_comment, name="transfer_comment"),
    path("transfers/<int:pk>/pdf/", views.transfer_pdf, name="transfer_pdf"),
    path("practices/<slug:slug>/interest/", views.interest, name="interest"),
]
