from django.urls import path

from . import views

app_name = "cities"

urlpatterns = [
    path("cities/", views.city_list, name="city_list"),
    path("cities/<slug:slug>/", views.city_detail, name="city_detail"),
    path("bodies/<slug:slug>/", views.body_detail, name="body_detail"),
    path("partnerships/", views.partnerships, name="partnerships"),
    path("partnerships/matrix.csv", views.partnerships_csv, name="partnerships_csv"),
    path("partnerships/<slug:eu>/<slug:jp>/", views.pair_detail, name="pair"),
]
