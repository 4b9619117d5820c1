from django.urls import path

from . import notification_views, plan_views, views

app_name = "exchanges"

urlpatterns = [
    path("meetings/", views.meeting_list, name="meeting_list"),
    path("meetings/new/", views.meeting_create, name="meeting_create"),
    path("meetings/slots/", views.slot_finder, name="slot_finder"),
    path("meetings/calendar/", views.calendar_settings, name="calendar"),
    path("meetings/public.ics", views.public_feed, name="public_feed"),
    path("meetings/feed/<str:token>.ics", views.personal_feed, name="personal_feed"),
    path("meetings/files/<int:pk>/", views.meeting_file, name="meeting_file"),
    path("meetings/agenda/<int:pk>/remove/", views.agenda_remove, name="agenda_remove"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/cancel/", views.meeting_cancel, name="meeting_cancel"),
    path("meetings/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("meetings/<int:pk>/agenda/", views.agenda_add, name="agenda_add"),
    path("meetings/<int:pk>/minutes/", views.minutes_edit, name="minutes_edit"),
    path("meetings/<int:pk>/attach/", views.meeting_attach, name="meeting_attach"),
    path("meetings/<int:pk>/meeting.ics", views.meeting_ics, name="meeting_ics"),
    path("notifications/", notification_views.inbox, name="inbox"),
    path(
        "notifications/settings/",
        notification_views.settings_view,
        name="notification_settings",
    ),
    path("notifications/outbox/", notification_views.outbox, name="outbox"),
    path("notifications/outbox/<int:pk>/retry/", notification_views.outbox_retry, name="retry"),
    path("action-plan/", plan_views.plan_view, name="plan_current"),
    path("action-plan/<int:pk>/", plan_views.plan_view, name="plan"),
    path("action-plan/<int:pk>/edit/", plan_views.plan_edit, name="plan_edit"),
    path("action-plan/milestones/", plan_views.milestone_list, name="milestone_list"),
    path("action-plan/milestones/new/", plan_views.milestone_create, name="milestone_create"),
    path("action-plan/ours/", plan_views.our_milestones, name="our_milestones"),
    path("action-plan/export.csv", plan_views.plan_csv, name="plan_csv"),
    path("action-plan/due-dates/<str:token>.ics", plan_views.due_dates_feed, name="due_dates"),
    path("action-plan/milestones/<int:pk>/", plan_views.milestone_detail, name="milestone_detail"),
    path("action-plan/milestones/<int:pk>/edit/", plan_views.milestone_edit, name="milestone_edit"),
    path(
        "action-plan/milestones/<int:pk>/progress/",
        plan_views.milestone_progress,
        name="milestone_progress",
    ),
    path(
        "action-plan/milestones/<int:pk>/move/<str:direction>/",
        plan_views.milestone_move,
        name="milestone_move",
    ),
    path(
        "action-plan/milestones/<int:pk>/cancel/",
        plan_views.milestone_cancel,
        name="milestone_cancel",
    ),
]
