"""govoffice-desktop: 政府办公室管理系统."""

__version__ = "0.1.0"
APP_NAME = "govoffice-desktop"
ORG_NAME = "govoffice"
