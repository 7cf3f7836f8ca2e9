"""Application core of Clerk Workstation: settings, API client, login, sync, sandbox wiring.

Qt-free: the UI (`ui/`) drives it; tests run it headless.
"""
