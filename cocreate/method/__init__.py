"""The status method and the other pure rules: status, progress roll-ups, rankings, services."""
