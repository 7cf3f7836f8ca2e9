"""Document capture: page detection and perspective correction (camera, scanner, files)."""
