from django.urls import path

from . import views

urlpatterns = [
    path("action-plan/", views.plan_view, name="plan_current"),
    path("action-plan/<int:pk>/", views.plan_view, name="plan"),
    path("action-plan/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("action-plan/workstreams/<int:pk>/", views.workstream_view, name="workstream"),
    path("action-plan/milestones/", views.milestone_list, name="milestone_list"),
    path("action-plan/milestones/new/", views.milestone_create, name="milestone_create"),
    path("action-plan/ours/", views.our_milestones, name="our_milestones"),
    path("action-plan/export.csv", views.plan_csv, name="plan_csv"),
    path("action-plan/due-dates/<str:token>.ics", views.due_dates_feed, name="due_dates"),
    path("action-plan/milestones/<int:pk>/", views.milestone_detail, name="milestone_detail"),
    path("action-plan/milestones/<int:pk>/edit/", views.milestone_edit, name="milestone_edit"),
    path(
        "action-plan/milestones/<int:pk>/progress/",
        views.milestone_progress,
        name="milestone_progress",
    ),
    path(
        "action-plan/milestones/<int:pk>/quick-progress/",
        views.milestone_quick_progress,
        name="milestone_quick_progress",
    ),
    path(
        "action-plan/milestones/<int:pk>/move/<str:direction>/",
        views.milestone_move,
        name="milestone_move",
    ),
    path(
        "action-plan/milestones/<int:pk>/cancel/",
        views.milestone_cancel,
        name="milestone_cancel",
    ),
    path(
        "action-plan/milestones/<int:pk>/restore/",
        views.milestone_restore,
        name="milestone_restore",
    ),
]
