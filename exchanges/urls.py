"""The URLs of the three rooms, under one namespace (``exchanges:``) as before the split."""

from .meetings import urls as meetings
from .notifications import urls as notifications
from .plan import urls as plan

app_name = "exchanges"

urlpatterns = [*meetings.urlpatterns, *plan.urlpatterns, *notifications.urlpatterns]
