"""Offline storage: the SQLite store, its migrations, encryption of personal data at rest,
the catalogue and calendar replicas, cases and the outbox. No Qt in here."""
