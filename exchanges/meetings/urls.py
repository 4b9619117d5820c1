from django.urls import path

from . import views

urlpatterns = [
    path("meetings/", views.meeting_list, name="meeting_list"),
    path("meetings/new/", views.meeting_create, name="meeting_create"),
    path("meetings/slots/", views.slot_finder, name="slot_finder"),
    path("meetings/calendar/", views.calendar_settings, name="calendar"),
    path("meetings/public.ics", views.public_feed, name="public_feed"),
    path("meetings/feed/<str:token>.ics", views.personal_feed, name="personal_feed"),
    path("meetings/files/<int:pk>/", views.meeting_file, name="meeting_file"),
    path("meetings/agenda/<int:pk>/remove/", views.agenda_remove, name="agenda_remove"),
    path("meetings/agenda/<int:pk>/edit/", views.agenda_edit, name="agenda_edit"),
    path("meetings/agenda/<int:pk>/move/<str:direction>/", views.agenda_move, name="agenda_move"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/cancel/", views.meeting_cancel, name="meeting_cancel"),
    path("meetings/<int:pk>/restore/", views.meeting_restore, name="meeting_restore"),
    path("meetings/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("meetings/<int:pk>/agenda/", views.agenda_add, name="agenda_add"),
    path("meetings/<int:pk>/minutes/", views.minutes_edit, name="minutes_edit"),
    path("meetings/<int:pk>/attach/", views.meeting_attach, name="meeting_attach"),
    path("meetings/<int:pk>/meeting.ics", views.meeting_ics, name="meeting_ics"),
]
