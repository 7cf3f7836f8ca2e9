"""Package data: translations, the demo catalogue and calendar, templates."""
