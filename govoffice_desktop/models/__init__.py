"""peewee models, one module per domain; ``db`` holds the proxy and ``migrations`` the schema."""
from govoffice_desktop.models import fleet, ratings, rewards, settings, staff, supervision, typing_pool
from govoffice_desktop.models.base import AuditLog

ALL_MODELS = [AuditLog, *staff.MODELS, *typing_pool.MODELS, *fleet.MODELS, *ratings.MODELS,
              *supervision.MODELS, *rewards.MODELS, *settings.MODELS]
