# The worker tests of practices use the real broker, worker and SMTP sink of the exchanges tests.
from tests.exchanges.conftest import broker, reference_data, smtp_sink

__all__ = ["broker", "reference_data", "smtp_sink"]
