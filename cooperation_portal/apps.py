from django.apps import AppConfig


class CooperationPortalConfig(AppConfig):
    """The project package as an app: shared template tags and the ``seed_demo`` command."""

    name = "cooperation_portal"
    verbose_name = "Cooperation portal"

    def ready(self) -> None:
        from . import public_cache

        public_cache.connect()
