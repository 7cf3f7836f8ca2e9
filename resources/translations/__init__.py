"""Qt translations. Sources are English; zh_CN is the default language and complete."""
