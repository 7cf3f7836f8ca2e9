"""Device backends: card readers, capture sources, printers. No Qt in here: devices hand
events to callbacks, and ui/ adapts them to queued signals."""
