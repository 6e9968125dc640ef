"""Qt widgets only: the main window, one module per tab, dialogs, item models."""
